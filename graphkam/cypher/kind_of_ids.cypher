// (id, labels, account) of each of $ids that exists; account from WORKS_AT / PART_OF.
UNWIND $ids AS node_id
MATCH (n:Node {id: node_id})
OPTIONAL MATCH (n)-[:WORKS_AT|PART_OF]->(a:Node)
RETURN n.id AS id, labels(n) AS labels, a.id AS account
