// Insert or replace team_member nodes by id; $rows: {id, account, name, parent, department, coach, data}.
// The kind label TeamMember sits beside the common label Node (one id namespace for every kind).
UNWIND $rows AS row
MERGE (n:Node:TeamMember {id: row.id})
SET n.kind = 'team_member', n.account = row.account, n.name = row.name, n.parent = row.parent,
    n.department = row.department, n.coach = row.coach, n.data = row.data
