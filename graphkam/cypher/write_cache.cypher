// Keep results under $key, replacing the account's older one; $rows: {account, version,
// payload}. A result for an account that no longer exists is dropped.
UNWIND $rows AS row
MATCH (a:Node:Account {id: row.account})
OPTIONAL MATCH (a)<-[:CACHED_FOR]-(old:CachedResult {key: $key})
DETACH DELETE old
WITH DISTINCT a, row
CREATE (c:CachedResult {key: $key, version: row.version, payload: row.payload})
CREATE (c)-[:CACHED_FOR]->(a)
