// Whether the database holds graphkam nodes in the version-1 layout (the model's JSON in a
// `data` property): one row if so.
MATCH (n:Node)
WHERE n.data IS NOT NULL
RETURN n.id AS id
LIMIT 1
