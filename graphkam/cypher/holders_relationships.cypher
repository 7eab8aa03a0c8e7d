// The model's edges ($types) touching one of $ids: (type, from, to, props).
MATCH (a:Node)-[r]->(b:Node)
WHERE (a.id IN $ids OR b.id IN $ids) AND type(r) IN $types
RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS props
