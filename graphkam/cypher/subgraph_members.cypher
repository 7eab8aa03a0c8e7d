// (account, kind, id, data) of the stakeholders and departments of the accounts $ids, by id.
MATCH (n:Node)
WHERE n.account IN $ids AND n.kind IN ['stakeholder', 'department']
RETURN n.account AS account, n.kind AS kind, n.id AS id, n.data AS data
ORDER BY n.id
