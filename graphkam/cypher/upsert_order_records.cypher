// Insert or replace order records by rkey ("order:<id>"); $rows: {rkey, props}.
UNWIND $rows AS row
MERGE (r:Record:Order {rkey: row.rkey})
SET r = row.props
