// Insert or replace competitor_product records by rkey ("competitor_product:<id>"); $rows: {rkey, props}.
UNWIND $rows AS row
MERGE (r:Record:CompetitorProduct {rkey: row.rkey})
SET r = row.props
