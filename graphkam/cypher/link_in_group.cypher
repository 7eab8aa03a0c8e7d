// Edges IN_GROUP: an account in its group (Account.parent); $rows: {holder, target, position}.
UNWIND $rows AS row
MATCH (h:Node {id: row.holder}), (t:Node {id: row.target})
CREATE (h)-[:IN_GROUP]->(t)
