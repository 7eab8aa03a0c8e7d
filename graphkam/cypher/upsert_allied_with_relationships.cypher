// Insert or replace ALLIED_WITH edges (symmetric: one edge per pair, in the direction last written);
// $rows: {a, b, props}.
UNWIND $rows AS row
MATCH (a:Node {id: row.a}), (b:Node {id: row.b})
OPTIONAL MATCH (a)-[old:ALLIED_WITH]-(b)
DELETE old
WITH DISTINCT a, b, row
CREATE (a)-[r:ALLIED_WITH]->(b)
SET r = row.props
