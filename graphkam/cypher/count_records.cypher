// Records by labels: (labels, count).
MATCH (r:Record)
RETURN labels(r) AS labels, count(*) AS n
