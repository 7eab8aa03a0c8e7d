// Delete the edge of type $type from $a to $b; returns how many went (0 or 1).
MATCH (a:Node {id: $a})-[r]->(b:Node {id: $b})
WHERE type(r) = $type
DELETE r
RETURN count(*) AS deleted
