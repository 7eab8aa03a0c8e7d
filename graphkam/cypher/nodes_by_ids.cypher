// (id, kind, data) of each of $ids that exists.
UNWIND $ids AS node_id
MATCH (n:Node {id: node_id})
RETURN n.id AS id, n.kind AS kind, n.data AS data
