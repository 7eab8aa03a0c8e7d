// The records with label $label filed AT account $account (as get_record).
MATCH (r:Record)-[:AT]->(:Node {id: $account})
WHERE $label IN labels(r)
OPTIONAL MATCH (r)-[e]->(t:Node)
RETURN r.rkey AS rkey, properties(r) AS props, collect([type(e), t.id, e.position]) AS refs
