// Insert or replace account nodes by id; $rows: {id, props} (props hold id and every set
// field as a native property; reference fields are edges, written by the link_* statements).
// The account's version is graphkam's, not a field: it survives the replace (a new account
// starts at 0).
UNWIND $rows AS row
MERGE (n:Node:Account {id: row.id})
WITH n, row, coalesce(n.version, 0) AS version
SET n = row.props
SET n.version = version
