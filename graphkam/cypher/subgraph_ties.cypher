// For the accounts $ids, our people RELATES_TO their stakeholders, in one row: `rows`, a list
// of distinct [account, member].
UNWIND $ids AS account_id
MATCH (:Node {id: account_id})<-[:WORKS_AT]-(:Node)<-[:RELATES_TO]-(m:Node)
WITH DISTINCT account_id, m.id AS member
RETURN collect([account_id, member]) AS rows
