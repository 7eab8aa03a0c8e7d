// The accounts the stored records $rkeys are filed AT (before they are written again).
UNWIND $rkeys AS rkey
MATCH (:Record {rkey: rkey})-[:AT]->(a:Node)
RETURN DISTINCT a.id AS account
