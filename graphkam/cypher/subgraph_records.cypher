// The records filed AT the accounts $ids, in one row: `rows`, a list of
// [account, rkey, props, refs]. Of the history only stakeholder updates come (what as-of
// analyses rewind; the rule's home is graphkam/history.py `is_stakeholder_update`, which the
// store still applies): an audited account's other history never leaves the server.
UNWIND $ids AS account_id
MATCH (:Node {id: account_id})<-[:AT]-(r:Record)
WHERE NOT r:Change OR (r.subject_kind = 'stakeholder' AND r.action = 'update')
OPTIONAL MATCH (r)-[e]->(t:Node)
WITH account_id, r, collect([type(e), t.id, e.position]) AS refs
RETURN collect([account_id, r.rkey, properties(r), refs]) AS rows
