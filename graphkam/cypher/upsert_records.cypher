// Insert or replace records by (kind, id); $rows: {rkey, kind, id, account, date, competitor, data}.
UNWIND $rows AS row
MERGE (r:Record {rkey: row.rkey})
SET r.kind = row.kind, r.id = row.id, r.account = row.account, r.date = row.date,
    r.competitor = row.competitor, r.data = row.data
