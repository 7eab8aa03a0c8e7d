// Delete every node and edge of the database (test fixtures only).
MATCH (n)
DETACH DELETE n
