// Nodes with a reference edge ($edges) to one of $ids, with all their reference edges:
// (id, labels, props, refs) as get_node.
MATCH (h:Node)-[e0]->(x:Node)
WHERE x.id IN $ids AND type(e0) IN $edges
WITH DISTINCT h AS n
OPTIONAL MATCH (n)-[e]->(t:Node)
WHERE type(e) IN $edges
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props,
       collect([type(e), t.id, e.position]) AS refs
