// Version-1 layout: every relationship's JSON.
MATCH (:Node)-[r:REL]->(:Node)
RETURN r.data AS data
