// Edges FROM: an NPS answer to its respondent; $rows: {holder (an rkey), target, position}.
UNWIND $rows AS row
MATCH (h:Record {rkey: row.holder}), (t:Node {id: row.target})
CREATE (h)-[:FROM]->(t)
