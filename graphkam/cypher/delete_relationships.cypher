// Delete the relationships whose keys are $keys.
UNWIND $keys AS key
MATCH ()-[r:REL {key: key}]->()
DELETE r
