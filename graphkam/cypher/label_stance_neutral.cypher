// Give the stakeholders $ids the display label Neutral (stance neutral) and no other stance
// label; only style sheets read it (graphkam reads the `stance` property).
UNWIND $ids AS node_id
MATCH (n:Node {id: node_id})
REMOVE n:Champion:Supporter:Skeptic:Opponent:StanceUnknown
SET n:Neutral
