// Raise the version of the accounts $ids by one (a write changed what their analyses see).
// The read of a.version sits in the SET itself, so Neo4j locks the account before reading it
// and concurrent bumps are never lost.
UNWIND $ids AS account_id
MATCH (a:Node:Account {id: account_id})
SET a.version = coalesce(a.version, 0) + 1
