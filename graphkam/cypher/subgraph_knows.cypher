// (person, other) of the KNOWS edges touching the people $ids (either direction).
UNWIND $ids AS person_id
MATCH (:Node {id: person_id})-[:KNOWS]-(o:Node)
RETURN person_id AS a, o.id AS b
