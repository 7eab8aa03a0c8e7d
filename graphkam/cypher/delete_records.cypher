// Delete the records whose keys are $rkeys, with their edges.
UNWIND $rkeys AS rkey
MATCH (r:Record {rkey: rkey})
DETACH DELETE r
