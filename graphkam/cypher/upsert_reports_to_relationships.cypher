// Insert or replace REPORTS_TO edges a -> b; $rows: {a, b, props}.
UNWIND $rows AS row
MATCH (a:Node {id: row.a}), (b:Node {id: row.b})
MERGE (a)-[r:REPORTS_TO]->(b)
SET r = row.props
