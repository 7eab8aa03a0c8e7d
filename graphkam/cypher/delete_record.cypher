// Delete the record with key $rkey; returns how many went (0 or 1).
MATCH (r:Record {rkey: $rkey})
DETACH DELETE r
RETURN count(*) AS deleted
