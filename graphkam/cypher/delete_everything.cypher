// Empty the database (tests only; graphkam never runs it on a user's store).
MATCH (n)
DETACH DELETE n
