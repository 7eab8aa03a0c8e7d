// Nodes of kind $kind sorted by id.
MATCH (n:Node)
WHERE n.kind = $kind
RETURN n.id AS id, n.data AS data
ORDER BY n.id
