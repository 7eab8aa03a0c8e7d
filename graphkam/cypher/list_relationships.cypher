// The model's relationships of the edge types $types: (type, from, to, props).
MATCH (a:Node)-[r]->(b:Node)
WHERE type(r) IN $types
RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS props
