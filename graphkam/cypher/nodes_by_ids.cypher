// The nodes among $ids: (id, labels, props, refs) as get_node.
UNWIND $ids AS node_id
MATCH (n:Node {id: node_id})
OPTIONAL MATCH (n)-[e]->(t:Node)
WHERE type(e) IN $edges
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props,
       collect([type(e), t.id, e.position]) AS refs
