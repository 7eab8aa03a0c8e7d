// Nodes held, by kind.
MATCH (n:Node)
RETURN n.kind AS kind, count(*) AS n
