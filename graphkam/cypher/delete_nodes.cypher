// Delete the nodes $ids and every edge touching them.
UNWIND $ids AS node_id
MATCH (n:Node {id: node_id})
DETACH DELETE n
