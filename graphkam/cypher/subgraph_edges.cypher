// (type, a, b, data) of the edges among the nodes $ids, plus subsidiary_of and partners_with
// edges touching the accounts $accounts. The store sorts them by key. (Anchored on the index
// seek of the start node; the end is tested on the edge's own `b`, so no second seek.)
MATCH (x:Node)-[r:REL]->()
WHERE x.id IN $ids AND r.b IN $ids
RETURN r.type AS type, r.a AS a, r.b AS b, r.data AS data
UNION
MATCH (x:Node)-[r:REL]-()
WHERE x.id IN $accounts AND r.type IN ['subsidiary_of', 'partners_with']
RETURN r.type AS type, r.a AS a, r.b AS b, r.data AS data
