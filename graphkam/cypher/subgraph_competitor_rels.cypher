// COMPETITOR_RELATES_TO edges to the stakeholders $ids, in one row: `rows`, a list of
// [competitor, stakeholder].
MATCH (c:Node)-[:COMPETITOR_RELATES_TO]->(p:Node)
WHERE p.id IN $ids
RETURN collect([c.id, p.id]) AS rows
