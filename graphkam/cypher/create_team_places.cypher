// Record that team members serve accounts; $rows: {member, account}.
UNWIND $rows AS row
MATCH (m:Node {id: row.member}), (a:Node {id: row.account})
MERGE (m)-[:MEMBER_OF]->(a)
