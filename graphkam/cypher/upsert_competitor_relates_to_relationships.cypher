// Insert or replace COMPETITOR_RELATES_TO edges a -> b; $rows: {a, b, props}.
UNWIND $rows AS row
MATCH (a:Node {id: row.a}), (b:Node {id: row.b})
MERGE (a)-[r:COMPETITOR_RELATES_TO]->(b)
SET r = row.props
