// (account, token) of every account; the token as in account_versions.cypher.
OPTIONAL MATCH (v:GraphkamVersion {name: 'graphkam'})
WITH coalesce(v.shared, 0) AS shared
MATCH (a:Node:Account)
RETURN a.id AS account, toString(coalesce(a.version, 0)) + '.' + toString(shared) AS token
