// (type, a, b, data) of the edges among the nodes $ids, plus subsidiary_of and partners_with
// edges touching the accounts $accounts. The store sorts them by key.
UNWIND $ids AS node_id
MATCH (:Node {id: node_id})-[r:REL]->(b:Node)
WHERE b.id IN $ids
RETURN r.type AS type, r.a AS a, r.b AS b, r.data AS data
UNION
UNWIND $accounts AS account_id
MATCH (:Node {id: account_id})-[r:REL]-()
WHERE r.type IN ['subsidiary_of', 'partners_with']
RETURN r.type AS type, r.a AS a, r.b AS b, r.data AS data
