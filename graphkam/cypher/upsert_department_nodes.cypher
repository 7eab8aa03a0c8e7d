// Insert or replace department nodes by id; $rows: {id, props} (props hold id and every set
// field as a native property; reference fields are edges, written by the link_* statements).
UNWIND $rows AS row
MERGE (n:Node:Department {id: row.id})
SET n = row.props
