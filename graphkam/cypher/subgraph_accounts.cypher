// (id, data) of the accounts among $ids.
UNWIND $ids AS account_id
MATCH (n:Node {id: account_id})
WHERE n.kind = 'account'
RETURN n.id AS id, n.data AS data
