// Drop every cached result (derived data only: no user node or edge is touched).
MATCH (c:CachedResult)
DETACH DELETE c
