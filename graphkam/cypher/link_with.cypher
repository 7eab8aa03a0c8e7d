// Edges WITH: a visit to each stakeholder met (in list order); $rows: {holder (an rkey), target, position}.
UNWIND $rows AS row
MATCH (h:Record {rkey: row.holder}), (t:Node {id: row.target})
CREATE (h)-[:WITH {position: row.position}]->(t)
