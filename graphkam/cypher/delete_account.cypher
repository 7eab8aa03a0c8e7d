// Delete account $id with its people and departments, and every edge touching them.
MATCH (n:Node)
WHERE n.account = $id OR n.id = $id
DETACH DELETE n
