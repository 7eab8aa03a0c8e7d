// Version-1 layout: delete its nodes with their edges (after they were read).
MATCH (n:Node)
WHERE n.data IS NOT NULL
DETACH DELETE n
