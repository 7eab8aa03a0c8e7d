// Edges SUBUNIT_OF: a department to its parent department; $rows: {holder, target, position}.
UNWIND $rows AS row
MATCH (h:Node {id: row.holder}), (t:Node {id: row.target})
CREATE (h)-[:SUBUNIT_OF]->(t)
