// The nodes with label $label: (id, labels, props, refs) as get_node.
MATCH (n:Node)
WHERE $label IN labels(n)
OPTIONAL MATCH (n)-[e]->(t:Node)
WHERE type(e) IN $edges
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props,
       collect([type(e), t.id, e.position]) AS refs
