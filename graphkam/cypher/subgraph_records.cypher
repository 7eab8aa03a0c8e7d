// (account, kind, data, competitor) of the records of the accounts $ids, by kind, date, id.
MATCH (r:Record)
WHERE r.account IN $ids
RETURN r.account AS account, r.kind AS kind, r.data AS data, r.competitor AS competitor
ORDER BY r.kind, r.date IS NULL, r.date, r.id
