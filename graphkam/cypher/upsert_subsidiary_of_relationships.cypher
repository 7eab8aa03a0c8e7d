// Insert or replace SUBSIDIARY_OF edges a -> b; $rows: {a, b, props}.
UNWIND $rows AS row
MATCH (a:Node {id: row.a}), (b:Node {id: row.b})
MERGE (a)-[r:SUBSIDIARY_OF]->(b)
SET r = row.props
