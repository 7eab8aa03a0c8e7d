// Every relationship (of type $type unless it is null), sorted by key.
MATCH ()-[r:REL]->()
WHERE $type IS NULL OR r.type = $type
RETURN r.type AS type, r.a AS a, r.b AS b, r.data AS data
ORDER BY r.type, r.a, r.b
