// (account, token) of the accounts among $ids. The token is "<account version>.<shared
// version>": it changes when either does (read_cache.cypher compares with the same formula).
OPTIONAL MATCH (v:GraphkamVersion {name: 'graphkam'})
WITH coalesce(v.shared, 0) AS shared
UNWIND $ids AS account_id
MATCH (a:Node:Account {id: account_id})
RETURN a.id AS account, toString(coalesce(a.version, 0)) + '.' + toString(shared) AS token
