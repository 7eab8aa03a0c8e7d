// Remove the reference edges of the records $rkeys (before they are written again).
UNWIND $rkeys AS rkey
MATCH (r:Record {rkey: rkey})-[e:AT|WITH|BY|FROM|OF]->()
DELETE e
