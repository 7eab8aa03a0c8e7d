// (competitor, stakeholder) of the competitor_relates_to edges reaching the stakeholders $ids.
UNWIND $ids AS person_id
MATCH ()-[r:REL]->(:Node {id: person_id})
WHERE r.type = 'competitor_relates_to'
RETURN r.a AS a, r.b AS b
