// Edges OF: a competitor product to its competitor; $rows: {holder (an rkey), target, position}.
UNWIND $rows AS row
MATCH (h:Record {rkey: row.holder}), (t:Node {id: row.target})
CREATE (h)-[:OF]->(t)
