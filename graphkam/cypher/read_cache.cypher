// (account, version, payload) of the results cached under $key for the accounts $ids whose
// cached version is still the account's token (the formula of account_versions.cypher), so a
// stale result is never returned.
OPTIONAL MATCH (v:GraphkamVersion {name: 'graphkam'})
WITH coalesce(v.shared, 0) AS shared
UNWIND $ids AS account_id
MATCH (a:Node:Account {id: account_id})<-[:CACHED_FOR]-(c:CachedResult {key: $key})
WHERE c.version = toString(coalesce(a.version, 0)) + '.' + toString(shared)
RETURN a.id AS account, c.version AS version, c.payload AS payload
