// (account, rkey, props, refs) of the records filed AT the accounts $ids.
UNWIND $ids AS account_id
MATCH (:Node {id: account_id})<-[:AT]-(r:Record)
OPTIONAL MATCH (r)-[e]->(t:Node)
RETURN account_id AS account, r.rkey AS rkey, properties(r) AS props,
       collect([type(e), t.id, e.position]) AS refs
