// SUBSIDIARY_OF and PARTNERS_WITH edges leaving the accounts $ids: (type, from, to, props).
UNWIND $ids AS account_id
MATCH (a:Node {id: account_id})-[r:SUBSIDIARY_OF|PARTNERS_WITH]->(b:Node)
RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS props
