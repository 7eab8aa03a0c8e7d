// (competitor, stakeholder) of COMPETITOR_RELATES_TO edges to the stakeholders $ids.
UNWIND $ids AS person_id
MATCH (:Node {id: person_id})<-[:COMPETITOR_RELATES_TO]-(c:Node)
RETURN c.id AS competitor, person_id AS person
