// The graphkam schema: one id namespace for every node (label Node), one key per record
// (label Record, rkey "<kind>:<id>") and one node of the shared version (GraphkamVersion).
// Statements are separated by ';' and each is idempotent (IF NOT EXISTS), so
// `graphkam init-store` can run it again and again.
CREATE CONSTRAINT graphkam_node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT graphkam_record_key IF NOT EXISTS FOR (r:Record) REQUIRE r.rkey IS UNIQUE;
CREATE CONSTRAINT graphkam_version_name IF NOT EXISTS FOR (v:GraphkamVersion) REQUIRE v.name IS UNIQUE
