// Records held, by kind.
MATCH (r:Record)
RETURN r.kind AS kind, count(*) AS n
