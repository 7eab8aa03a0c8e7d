// Remove the reference edges of the nodes $ids (before they are written again).
UNWIND $ids AS node_id
MATCH (n:Node {id: node_id})-[e:IN_GROUP|PART_OF|SUBUNIT_OF|WORKS_AT|IN_DEPARTMENT|SERVES|COACHED_BY]->()
DELETE e
