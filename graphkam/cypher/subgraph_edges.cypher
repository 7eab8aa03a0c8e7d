// The model's edges ($types) leaving the nodes $ids, in one row: `rows`, a list of
// [type, from, to, props]. The store keeps those whose other end is among $ids too (a set
// test in Python: `b.id IN $ids` here costs a list scan per edge); one index seek over the
// list, not one UNWIND row per node.
MATCH (a:Node)-[r]->(b:Node)
WHERE a.id IN $ids AND type(r) IN $types
RETURN collect([type(r), a.id, b.id, properties(r)]) AS rows
