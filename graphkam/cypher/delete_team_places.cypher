// Forget where the team members $ids serve (MEMBER_OF comes from TeamMember.accounts).
UNWIND $ids AS member_id
MATCH (:Node {id: member_id})-[p:MEMBER_OF]->()
DELETE p
