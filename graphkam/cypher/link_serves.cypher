// Edges SERVES: a team member to an account it serves (TeamMember.accounts, in list order); $rows: {holder, target, position}.
UNWIND $rows AS row
MATCH (h:Node {id: row.holder}), (t:Node {id: row.target})
CREATE (h)-[:SERVES {position: row.position}]->(t)
