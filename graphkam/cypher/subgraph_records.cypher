// The records filed AT the accounts $ids, in one row: `rows`, a list of
// [account, rkey, props, refs].
UNWIND $ids AS account_id
MATCH (:Node {id: account_id})<-[:AT]-(r:Record)
OPTIONAL MATCH (r)-[e]->(t:Node)
WITH account_id, r, collect([type(e), t.id, e.position]) AS refs
RETURN collect([account_id, r.rkey, properties(r), refs]) AS rows
