// Version-1 layout: every node's kind and JSON.
MATCH (n:Node)
WHERE n.data IS NOT NULL
RETURN n.kind AS kind, n.data AS data
