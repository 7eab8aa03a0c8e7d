// Nodes of kind $kind that belong to account $account (stakeholders, departments), by id.
MATCH (n:Node)
WHERE n.account = $account AND n.kind = $kind
RETURN n.id AS id, n.data AS data
ORDER BY n.id
