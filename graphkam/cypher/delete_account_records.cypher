// Delete the records of account $id.
MATCH (r:Record {account: $id})
DELETE r
