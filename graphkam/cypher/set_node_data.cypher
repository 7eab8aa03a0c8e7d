// Rewrite the stored fields of existing nodes; $rows: {id, parent, department, coach, data}.
UNWIND $rows AS row
MATCH (n:Node {id: row.id})
SET n.parent = row.parent, n.department = row.department, n.coach = row.coach, n.data = row.data
