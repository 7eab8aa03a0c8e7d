// Every account id, sorted.
MATCH (n:Node)
WHERE n.kind = 'account'
RETURN n.id AS id
ORDER BY n.id
