// SUBSIDIARY_OF and PARTNERS_WITH edges leaving or reaching the accounts $ids, in one row:
// `rows`, a list of [type, from, to, props] (an edge between two of them appears twice).
UNWIND $ids AS account_id
MATCH (a:Node {id: account_id})-[r:SUBSIDIARY_OF|PARTNERS_WITH]-(b:Node)
WITH r, startNode(r) AS s, endNode(r) AS e
RETURN collect([type(r), s.id, e.id, properties(r)]) AS rows
