// Edges IN_DEPARTMENT: a stakeholder to its department; $rows: {holder, target, position}.
UNWIND $rows AS row
MATCH (h:Node {id: row.holder}), (t:Node {id: row.target})
CREATE (h)-[:IN_DEPARTMENT]->(t)
