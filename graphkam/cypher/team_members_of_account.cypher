// Team members serving account $id (MEMBER_OF): (id, data).
MATCH (m:Node)-[:MEMBER_OF]->(:Node {id: $id})
RETURN m.id AS id, m.data AS data
