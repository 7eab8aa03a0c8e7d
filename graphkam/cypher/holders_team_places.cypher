// Team members serving one of the accounts $ids (TeamMember.accounts): (kind, data).
MATCH (m:Node)-[:MEMBER_OF]->(a:Node)
WHERE a.id IN $ids
RETURN m.kind AS kind, m.data AS data
