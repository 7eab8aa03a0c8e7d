// Delete the edge of symmetric type $type between $a and $b, either direction.
MATCH (a:Node {id: $a})-[r]-(b:Node {id: $b})
WHERE type(r) = $type
DELETE r
RETURN count(*) AS deleted
