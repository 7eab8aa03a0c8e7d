// Delete the records whose keys are $rkeys.
UNWIND $rkeys AS rkey
MATCH (r:Record {rkey: rkey})
DELETE r
