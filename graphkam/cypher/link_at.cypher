// Edges AT: a record to its account; $rows: {holder (an rkey), target, position}.
UNWIND $rows AS row
MATCH (h:Record {rkey: row.holder}), (t:Node {id: row.target})
CREATE (h)-[:AT]->(t)
