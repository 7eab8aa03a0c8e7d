// The graphkam schema: one id namespace for every node (label Node), one key per record
// (label Record), and the indexes the reads use. Statements are separated by ';' and each is
// idempotent (IF NOT EXISTS), so `graphkam init-store` can run it again and again.
CREATE CONSTRAINT graphkam_node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT graphkam_record_key IF NOT EXISTS FOR (r:Record) REQUIRE r.rkey IS UNIQUE;
CREATE INDEX graphkam_node_kind IF NOT EXISTS FOR (n:Node) ON (n.kind);
CREATE INDEX graphkam_node_account IF NOT EXISTS FOR (n:Node) ON (n.account);
CREATE INDEX graphkam_record_account IF NOT EXISTS FOR (r:Record) ON (r.account);
CREATE INDEX graphkam_record_kind IF NOT EXISTS FOR (r:Record) ON (r.kind)
