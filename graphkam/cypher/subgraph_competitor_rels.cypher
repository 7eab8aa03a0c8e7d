// (competitor, stakeholder) of COMPETITOR_RELATES_TO edges to the stakeholders $ids.
MATCH (c:Node)-[:COMPETITOR_RELATES_TO]->(p:Node)
WHERE p.id IN $ids
RETURN c.id AS competitor, p.id AS person
