// The stakeholders and departments of the accounts $ids, in one row: `rows`, a list of
// [account, id, labels, props, refs] (one Bolt record for the batch, not one per node). The
// reference edges of stakeholders and departments are named, not filtered by `type(e) IN`:
// Neo4j then expands only those (test_neo4j.py checks the list against neo4j_graph.py).
UNWIND $ids AS account_id
MATCH (:Node {id: account_id})<-[:WORKS_AT|PART_OF]-(n:Node)
OPTIONAL MATCH (n)-[e:WORKS_AT|IN_DEPARTMENT|PART_OF|SUBUNIT_OF]->(t:Node)
WITH account_id, n, collect([type(e), t.id, e.position]) AS refs
RETURN collect([account_id, n.id, labels(n), properties(n), refs]) AS rows
