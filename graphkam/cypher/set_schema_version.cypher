// Record the layout version $version.
MERGE (s:GraphkamSchema {name: 'graphkam'})
SET s.version = $version
