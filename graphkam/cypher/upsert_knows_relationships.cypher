// Insert or replace KNOWS edges (symmetric: one edge per pair, in the direction last written);
// $rows: {a, b, props}.
UNWIND $rows AS row
MATCH (a:Node {id: row.a}), (b:Node {id: row.b})
OPTIONAL MATCH (a)-[old:KNOWS]-(b)
DELETE old
WITH DISTINCT a, b, row
CREATE (a)-[r:KNOWS]->(b)
SET r = row.props
