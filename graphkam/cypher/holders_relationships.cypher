// The relationships with an end among $ids: (data) of each, once.
MATCH (n:Node)-[r:REL]-()
WHERE n.id IN $ids
RETURN DISTINCT r.data AS data
