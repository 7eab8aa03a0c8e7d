// The stakeholders and departments of the accounts $ids, in one row: `rows`, a list of
// [account, id, labels, props, refs] (one Bolt record for the batch, not one per node).
UNWIND $ids AS account_id
MATCH (:Node {id: account_id})<-[:WORKS_AT|PART_OF]-(n:Node)
OPTIONAL MATCH (n)-[e]->(t:Node)
WHERE type(e) IN $edges
WITH account_id, n, collect([type(e), t.id, e.position]) AS refs
RETURN collect([account_id, n.id, labels(n), properties(n), refs]) AS rows
