// The stored JSON of node $id if it is of kind $kind.
MATCH (n:Node {id: $id})
WHERE n.kind = $kind
RETURN n.data AS data
