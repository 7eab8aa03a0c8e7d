// Insert or replace competitor nodes by id; $rows: {id, account, name, parent, department, coach, data}.
// The kind label Competitor sits beside the common label Node (one id namespace for every kind).
UNWIND $rows AS row
MERGE (n:Node:Competitor {id: row.id})
SET n.kind = 'competitor', n.account = row.account, n.name = row.name, n.parent = row.parent,
    n.department = row.department, n.coach = row.coach, n.data = row.data
