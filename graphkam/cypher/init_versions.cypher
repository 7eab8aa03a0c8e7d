// Create the node of the shared version if missing (at 0); a fresh or upgraded database then
// never needs two writers to create it at once.
MERGE (v:GraphkamVersion {name: 'graphkam'})
SET v.shared = coalesce(v.shared, 0)
