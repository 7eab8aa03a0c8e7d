// (account, team member) for the accounts $ids: MEMBER_OF places and on_team edges.
UNWIND $ids AS account_id
MATCH (m:Node)-[:MEMBER_OF]->(:Node {id: account_id})
RETURN account_id AS account, m.id AS member
UNION
UNWIND $ids AS account_id
MATCH (m:Node)-[r:REL]->(:Node {id: account_id})
WHERE r.type = 'on_team'
RETURN account_id AS account, m.id AS member
