// Edges BY: a visit to each of our people (in list order); $rows: {holder (an rkey), target, position}.
UNWIND $rows AS row
MATCH (h:Record {rkey: row.holder}), (t:Node {id: row.target})
CREATE (h)-[:BY {position: row.position}]->(t)
