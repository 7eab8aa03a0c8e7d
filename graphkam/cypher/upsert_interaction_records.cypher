// Insert or replace interaction records by rkey ("interaction:<id>"); $rows: {rkey, props}.
UNWIND $rows AS row
MERGE (r:Record:Interaction {rkey: row.rkey})
SET r = row.props
