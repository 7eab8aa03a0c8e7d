// The stored JSON of the record with key $rkey.
MATCH (r:Record {rkey: $rkey})
RETURN r.data AS data
