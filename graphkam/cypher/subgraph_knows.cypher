// The KNOWS edges touching the people $ids (either direction), in one row: `rows`, a list of
// [person, other]. One index seek over the id list (`IN $ids`), not one UNWIND row per person.
MATCH (p:Node)-[:KNOWS]-(o:Node)
WHERE p.id IN $ids
RETURN collect([p.id, o.id]) AS rows
