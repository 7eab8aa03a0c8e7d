// Nodes by labels: (labels, count).
MATCH (n:Node)
RETURN labels(n) AS labels, count(*) AS n
