// Drop the cached results of the accounts $ids (before the accounts themselves go).
UNWIND $ids AS account_id
MATCH (:Node:Account {id: account_id})<-[:CACHED_FOR]-(c:CachedResult)
DETACH DELETE c
