// Layout 2 to 3: give every account without one a version (0); nothing else changes.
MATCH (a:Node:Account)
WHERE a.version IS NULL
SET a.version = 0
RETURN count(a) AS upgraded
