// Version-1 layout: every record's kind and JSON.
MATCH (r:Record)
WHERE r.data IS NOT NULL
RETURN r.kind AS kind, r.data AS data
