// (account, member) for the accounts $ids: team places (SERVES) and ON_TEAM edges.
UNWIND $ids AS account_id
MATCH (:Node {id: account_id})<-[:SERVES|ON_TEAM]-(m:Node)
RETURN account_id AS account, m.id AS member
