// Edges WORKS_AT: a stakeholder to its account; $rows: {holder, target, position}.
UNWIND $rows AS row
MATCH (h:Node {id: row.holder}), (t:Node {id: row.target})
CREATE (h)-[:WORKS_AT]->(t)
