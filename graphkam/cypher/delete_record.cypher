// Delete the record with key $rkey; one row (the account it was filed at) if it existed.
MATCH (r:Record {rkey: $rkey})
OPTIONAL MATCH (r)-[:AT]->(a:Node)
WITH r, a.id AS account
DETACH DELETE r
RETURN account
