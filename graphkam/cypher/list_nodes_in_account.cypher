// The nodes with label $label working at / part of account $account (as get_node).
MATCH (:Node {id: $account})<-[:WORKS_AT|PART_OF]-(n:Node)
WHERE $label IN labels(n)
OPTIONAL MATCH (n)-[e]->(t:Node)
WHERE type(e) IN $edges
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props,
       collect([type(e), t.id, e.position]) AS refs
