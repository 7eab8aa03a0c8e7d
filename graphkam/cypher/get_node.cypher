// The node $id: (id, labels, props, refs), refs being [edge type, target, position] of
// its reference edges ($edges).
MATCH (n:Node {id: $id})
OPTIONAL MATCH (n)-[e]->(t:Node)
WHERE type(e) IN $edges
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props,
       collect([type(e), t.id, e.position]) AS refs
