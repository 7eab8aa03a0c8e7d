// Edges PART_OF: a department to its account; $rows: {holder, target, position}.
UNWIND $rows AS row
MATCH (h:Node {id: row.holder}), (t:Node {id: row.target})
CREATE (h)-[:PART_OF]->(t)
