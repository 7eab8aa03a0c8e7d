// Records with an edge to one of the nodes $ids, with all their edges: (rkey, props, refs).
MATCH (h:Record)-[]->(x:Node)
WHERE x.id IN $ids
WITH DISTINCT h AS r
OPTIONAL MATCH (r)-[e]->(t:Node)
RETURN r.rkey AS rkey, properties(r) AS props, collect([type(e), t.id, e.position]) AS refs
