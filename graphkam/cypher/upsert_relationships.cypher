// Insert or replace relationships by key; $rows: {key, type, a, b, data}, where (type, a, b)
// is Relationship.key (symmetric types sorted) and the edge runs a -> b.
UNWIND $rows AS row
MATCH (a:Node {id: row.a}), (b:Node {id: row.b})
MERGE (a)-[r:REL {key: row.key}]->(b)
SET r.type = row.type, r.a = row.a, r.b = row.b, r.data = row.data
