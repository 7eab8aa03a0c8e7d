// SUBSIDIARY_OF and PARTNERS_WITH edges reaching the accounts $ids: (type, from, to, props).
UNWIND $ids AS account_id
MATCH (a:Node)-[r:SUBSIDIARY_OF|PARTNERS_WITH]->(b:Node {id: account_id})
RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS props
