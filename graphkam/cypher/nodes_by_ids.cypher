// The nodes among $ids, in one row: `rows`, a list of [id, labels, props, refs] as get_node.
UNWIND $ids AS node_id
MATCH (n:Node {id: node_id})
OPTIONAL MATCH (n)-[e]->(t:Node)
WHERE type(e) IN $edges
WITH n, collect([type(e), t.id, e.position]) AS refs
RETURN collect([n.id, labels(n), properties(n), refs]) AS rows
