// Raise the shared version by one (a write to a node or edge many accounts' analyses see:
// an account, a team member, a third party, a competitor). One meta node holds it.
MERGE (v:GraphkamVersion {name: 'graphkam'})
SET v.shared = coalesce(v.shared, 0) + 1
