// Insert or replace INFLUENCES edges a -> b; $rows: {a, b, props}.
UNWIND $rows AS row
MATCH (a:Node {id: row.a}), (b:Node {id: row.b})
MERGE (a)-[r:INFLUENCES]->(b)
SET r = row.props
