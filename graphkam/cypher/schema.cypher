// The graphkam schema: one id namespace for every node (label Node) and one key per record
// (label Record, rkey "<kind>:<id>"). Statements are separated by ';' and each is idempotent
// (IF NOT EXISTS), so `graphkam init-store` can run it again and again.
CREATE CONSTRAINT graphkam_node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT graphkam_record_key IF NOT EXISTS FOR (r:Record) REQUIRE r.rkey IS UNIQUE
