// (account, team member) for the accounts $ids: MEMBER_OF places, on_team edges, and our
// people with a relates_to edge to one of the account's stakeholders.
UNWIND $ids AS account_id
MATCH (m:Node)-[:MEMBER_OF]->(:Node {id: account_id})
RETURN account_id AS account, m.id AS member
UNION
UNWIND $ids AS account_id
MATCH (m:Node)-[r:REL]->(:Node {id: account_id})
WHERE r.type = 'on_team'
RETURN account_id AS account, m.id AS member
UNION
MATCH (m:Node)-[r:REL]->(s:Node)
WHERE s.account IN $ids AND s.kind = 'stakeholder' AND r.type = 'relates_to'
RETURN s.account AS account, m.id AS member
