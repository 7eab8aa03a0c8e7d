// The record $rkey: (rkey, props, refs), refs being its [edge type, target, position].
MATCH (r:Record {rkey: $rkey})
OPTIONAL MATCH (r)-[e]->(t:Node)
RETURN r.rkey AS rkey, properties(r) AS props, collect([type(e), t.id, e.position]) AS refs
