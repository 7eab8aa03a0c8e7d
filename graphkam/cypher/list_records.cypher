// Records of kind $kind (of account $account unless it is null): (id, date, data). The store
// sorts them by (date, id), undated last.
MATCH (r:Record)
WHERE r.kind = $kind AND ($account IS NULL OR r.account = $account)
RETURN r.id AS id, r.date AS date, r.data AS data
