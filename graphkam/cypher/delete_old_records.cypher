// Version-1 layout: delete its records (after they were read).
MATCH (r:Record)
WHERE r.data IS NOT NULL
DETACH DELETE r
