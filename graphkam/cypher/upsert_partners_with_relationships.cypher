// Insert or replace PARTNERS_WITH edges (symmetric: one edge per pair, in the direction last written);
// $rows: {a, b, props}.
UNWIND $rows AS row
MATCH (a:Node {id: row.a}), (b:Node {id: row.b})
OPTIONAL MATCH (a)-[old:PARTNERS_WITH]-(b)
DELETE old
WITH DISTINCT a, b, row
CREATE (a)-[r:PARTNERS_WITH]->(b)
SET r = row.props
