// Nodes that may refer to one of $ids (graphkam/references.py) by account, parent, department
// or coach: (kind, data); the store checks each against the reference table.
MATCH (n:Node)
WHERE n.account IN $ids OR n.parent IN $ids OR n.department IN $ids OR n.coach IN $ids
RETURN n.kind AS kind, n.data AS data
