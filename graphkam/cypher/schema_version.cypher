// The layout version recorded on the :GraphkamSchema node (no row if none).
MATCH (s:GraphkamSchema)
RETURN s.version AS version
