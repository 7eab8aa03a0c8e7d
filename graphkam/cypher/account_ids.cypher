// Every account id.
MATCH (n:Node:Account)
RETURN n.id AS id
