// Insert or replace nps records by rkey ("nps:<id>"); $rows: {rkey, props}.
UNWIND $rows AS row
MERGE (r:Record:NpsAnswer {rkey: row.rkey})
SET r = row.props
