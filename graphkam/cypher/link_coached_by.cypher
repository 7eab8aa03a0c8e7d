// Edges COACHED_BY: a team member to their coach; $rows: {holder, target, position}.
UNWIND $rows AS row
MATCH (h:Node {id: row.holder}), (t:Node {id: row.target})
CREATE (h)-[:COACHED_BY]->(t)
