// Records that may refer to one of $ids (graphkam/references.py): filed under one of them,
// naming one as competitor, or of a kind in $kinds filed under an account in $accounts (the
// same-account references: visits' people, NPS respondents). (kind, data).
MATCH (r:Record)
WHERE r.account IN $ids OR r.competitor IN $ids OR (r.kind IN $kinds AND r.account IN $accounts)
RETURN r.kind AS kind, r.data AS data
