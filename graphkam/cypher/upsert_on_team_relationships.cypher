// Insert or replace ON_TEAM edges a -> b; $rows: {a, b, props}.
UNWIND $rows AS row
MATCH (a:Node {id: row.a}), (b:Node {id: row.b})
MERGE (a)-[r:ON_TEAM]->(b)
SET r = row.props
