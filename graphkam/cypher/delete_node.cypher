// Delete node $id and every edge touching it.
MATCH (n:Node {id: $id})
DETACH DELETE n
