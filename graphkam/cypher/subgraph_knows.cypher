// (a, b) of the knows edges touching any of the people $ids.
UNWIND $ids AS person_id
MATCH (:Node {id: person_id})-[r:REL]-()
WHERE r.type = 'knows'
RETURN DISTINCT r.a AS a, r.b AS b
