// Insert or replace change records by rkey ("change:<id>"); $rows: {rkey, props}.
UNWIND $rows AS row
MERGE (r:Record:Change {rkey: row.rkey})
SET r = row.props
