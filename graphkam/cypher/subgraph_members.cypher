// (account, id, labels, props, refs) of the stakeholders and departments of the accounts $ids.
UNWIND $ids AS account_id
MATCH (:Node {id: account_id})<-[:WORKS_AT|PART_OF]-(n:Node)
OPTIONAL MATCH (n)-[e]->(t:Node)
WHERE type(e) IN $edges
RETURN account_id AS account, n.id AS id, labels(n) AS labels, properties(n) AS props,
       collect([type(e), t.id, e.position]) AS refs
