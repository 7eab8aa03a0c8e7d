// The model's edges ($types) leaving the nodes $ids: (type, from, to, props). The store keeps
// those whose other end is among $ids too (a set test in Python: `b.id IN $ids` here costs a
// list scan per edge); one index seek over the list, not one UNWIND row per node.
MATCH (a:Node)-[r]->(b:Node)
WHERE a.id IN $ids AND type(r) IN $types
RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS props
