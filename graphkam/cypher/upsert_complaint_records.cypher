// Insert or replace complaint records by rkey ("complaint:<id>"); $rows: {rkey, props}.
UNWIND $rows AS row
MERGE (r:Record:Complaint {rkey: row.rkey})
SET r = row.props
