// How many of the model's relationships ($types) there are.
MATCH (:Node)-[r]->(:Node)
WHERE type(r) IN $types
RETURN count(r) AS n
