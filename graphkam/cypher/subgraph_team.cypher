// For the accounts $ids, team places (SERVES) and ON_TEAM edges, in one row: `rows`, a list of
// [account, member].
UNWIND $ids AS account_id
MATCH (:Node {id: account_id})<-[:SERVES|ON_TEAM]-(m:Node)
RETURN collect([account_id, m.id]) AS rows
