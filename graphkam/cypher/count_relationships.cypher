// Relationships held.
MATCH ()-[r:REL]->()
RETURN count(r) AS n
