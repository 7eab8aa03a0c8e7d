// (account, member) for the accounts $ids: our people RELATES_TO its stakeholders.
UNWIND $ids AS account_id
MATCH (:Node {id: account_id})<-[:WORKS_AT]-(:Node)<-[:RELATES_TO]-(m:Node)
RETURN DISTINCT account_id AS account, m.id AS member
