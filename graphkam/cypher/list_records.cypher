// The records with label $label: (rkey, props, refs) as get_record.
MATCH (r:Record)
WHERE $label IN labels(r)
OPTIONAL MATCH (r)-[e]->(t:Node)
RETURN r.rkey AS rkey, properties(r) AS props, collect([type(e), t.id, e.position]) AS refs
