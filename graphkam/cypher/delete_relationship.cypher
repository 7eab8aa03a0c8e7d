// Delete the relationship with key $key; returns how many went (0 or 1).
MATCH ()-[r:REL {key: $key}]->()
DELETE r
RETURN count(*) AS deleted
