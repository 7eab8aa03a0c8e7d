// The model's edges ($types) with both ends among the nodes $ids: (type, from, to, props).
UNWIND $ids AS node_id
MATCH (a:Node {id: node_id})-[r]->(b:Node)
WHERE type(r) IN $types AND b.id IN $ids
RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS props
