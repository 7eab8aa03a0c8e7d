// Nodes whose parent, department or coach is $id: (id, kind, data), to clear that field.
MATCH (n:Node)
WHERE n.parent = $id OR n.department = $id OR n.coach = $id
RETURN n.id AS id, n.kind AS kind, n.data AS data
