// The nodes among $ids, in one row: `rows`, a list of [id, labels, props, refs] as get_node
// (every node reference edge named; test_neo4j.py checks the list).
UNWIND $ids AS node_id
MATCH (n:Node {id: node_id})
OPTIONAL MATCH (n)-[e:WORKS_AT|IN_DEPARTMENT|PART_OF|SUBUNIT_OF|IN_GROUP|SERVES|COACHED_BY]->(t:Node)
WITH n, collect([type(e), t.id, e.position]) AS refs
RETURN collect([n.id, labels(n), properties(n), refs]) AS rows
