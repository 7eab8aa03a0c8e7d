// The model's edges (every RelType, named so that Neo4j expands only those; test_neo4j.py
// checks the list) leaving the nodes $ids, in one row: `rows`, a list of
// [type, from, to, props]. The store keeps those whose other end is among $ids too (a set
// test in Python: `b.id IN $ids` here costs a list scan per edge); one index seek over the
// list, not one UNWIND row per node.
MATCH (a:Node)-[r:REPORTS_TO|INFLUENCES|ALLIED_WITH|RIVALS_WITH|RELATES_TO|ON_TEAM|KNOWS|PARTNERS_WITH|SUBSIDIARY_OF|COMPETITOR_RELATES_TO]->(b:Node)
WHERE a.id IN $ids
RETURN collect([type(r), a.id, b.id, properties(r)]) AS rows
