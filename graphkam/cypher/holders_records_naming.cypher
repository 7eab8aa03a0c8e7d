// Records of a kind in $kinds whose JSON contains one of $needles (a JSON-quoted id): the
// references that cross accounts, such as a visit's team. (kind, data), once each.
UNWIND $needles AS needle
MATCH (r:Record)
WHERE r.kind IN $kinds AND r.data CONTAINS needle
RETURN DISTINCT r.kind AS kind, r.data AS data
