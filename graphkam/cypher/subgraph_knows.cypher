// (person, other) of the KNOWS edges touching the people $ids (either direction). One index
// seek over the id list (`IN $ids`), not one UNWIND row per person.
MATCH (p:Node)-[:KNOWS]-(o:Node)
WHERE p.id IN $ids
RETURN p.id AS a, o.id AS b
