"""The SQL statements the SQLite store runs, by name; id lists are bound as one JSON array."""

from __future__ import annotations

from graphkam.model import RecordKind
from graphkam.references import REFERENCES, RELATIONSHIP_HOLDER, Reference

__all__ = [
    "UPSERT_NODE",
    "DELETE_ON_TEAM",
    "INSERT_ON_TEAM",
    "UPSERT_RELATIONSHIP",
    "UPSERT_RECORD",
    "INSERT_NODE",
    "INSERT_RELATIONSHIP",
    "INSERT_RECORD",
    "MISSING_IDS",
    "KIND_OF_IDS",
    "NODES_BY_IDS",
    "SG_ACCOUNTS",
    "SG_MEMBERS",
    "SG_TEAM",
    "SG_KNOWS",
    "SG_COMPETITOR_RELS",
    "SG_RECORDS",
    "SG_EDGES",
    "TEAM_OF_ACCOUNT",
    "NODES_REFERENCING",
    "RECORDS_REFERENCING",
    "RELATIONSHIPS_TOUCHING",
    "RELATIONSHIPS_BY_KEYS",
    "RECORD_ORDER",
    "BUMP_ACCOUNTS",
    "BUMP_SHARED",
    "BUMP_SHARED_FOR_EDGES",
    "TOKENS",
    "ALL_TOKENS",
    "READ_CACHE",
    "WRITE_CACHE",
]

#: `?1` bound to a JSON array of ids, used as a set: `x IN {_IDS1}`.
_IDS1 = "(SELECT value FROM json_each(?1))"
_IDS2 = "(SELECT value FROM json_each(?2))"

#: Records sort by (date, id), undated ones last (as Cypher's ORDER BY does).
RECORD_ORDER = "date IS NULL, date, id"

UPSERT_NODE = (
    "INSERT INTO nodes(id, kind, account, name, data) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, account = excluded.account, "
    "name = excluded.name, data = excluded.data"
)
DELETE_ON_TEAM = "DELETE FROM on_team WHERE member = ?"
INSERT_ON_TEAM = "INSERT OR IGNORE INTO on_team(member, account) VALUES (?, ?)"
UPSERT_RELATIONSHIP = (
    "INSERT INTO relationships(a, b, type, data) VALUES (?, ?, ?, ?) "
    "ON CONFLICT(a, b, type) DO UPDATE SET data = excluded.data"
)
UPSERT_RECORD = (
    "INSERT INTO records(kind, id, account, date, data) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT(kind, id) DO UPDATE SET account = excluded.account, date = excluded.date, "
    "data = excluded.data"
)
#: Plain inserts for rows that must be new (the bulk import): a clash raises, never replaces.
INSERT_NODE = "INSERT INTO nodes(id, kind, account, name, data) VALUES (?, ?, ?, ?, ?)"
INSERT_RELATIONSHIP = "INSERT INTO relationships(a, b, type, data) VALUES (?, ?, ?, ?)"
INSERT_RECORD = "INSERT INTO records(kind, id, account, date, data) VALUES (?, ?, ?, ?, ?)"

MISSING_IDS = "SELECT value FROM json_each(?1) WHERE value NOT IN (SELECT id FROM nodes)"
KIND_OF_IDS = f"SELECT id, kind FROM nodes WHERE id IN {_IDS1}"
NODES_BY_IDS = f"SELECT id, kind, data FROM nodes WHERE id IN {_IDS1}"


def _referencing(table: str, holders: dict[str, list[Reference]]) -> str:
    """`SELECT kind, data FROM <table>` of the rows naming an id of ?1 in a reference field.

    Built from REFERENCES (field names are the model's, never input); the `account` column
    stands in for the field of that name where the table has one.
    """
    tests = []
    for kind, refs in holders.items():
        fields = []
        for ref in refs:
            if ref.field == "account":
                fields.append(f"account IN {_IDS1}")
            elif ref.many:
                fields.append(
                    f"EXISTS (SELECT 1 FROM json_each(data, '$.{ref.name}') WHERE value IN {_IDS1})"
                )
            else:
                fields.append(f"json_extract(data, '$.{ref.name}') IN {_IDS1}")
        tests.append(f"(kind = '{kind}' AND ({' OR '.join(fields)}))")
    return f"SELECT kind, data FROM {table} WHERE " + " OR ".join(tests)


def _by_holder(records: bool) -> dict[str, list[Reference]]:
    out: dict[str, list[Reference]] = {}
    for ref in REFERENCES:
        is_record = ref.holder_name in {k.value for k in RecordKind}
        if ref.holder_name != RELATIONSHIP_HOLDER and is_record == records:
            out.setdefault(ref.holder_name, []).append(ref)
    return out


#: (kind, data) of the nodes / records that refer to any id of ?1 (see graphkam/references.py).
NODES_REFERENCING = _referencing("nodes", _by_holder(records=False))
RECORDS_REFERENCING = _referencing("records", _by_holder(records=True))
#: The relationships with an end among ?1.
RELATIONSHIPS_TOUCHING = (
    f"SELECT data FROM relationships WHERE a IN {_IDS1} UNION "
    f"SELECT data FROM relationships WHERE b IN {_IDS1}"
)

#: (type, a, b, data) of the stored relationships among ?1, a JSON array of [a, b, type].
RELATIONSHIPS_BY_KEYS = """
    SELECT r.type, r.a, r.b, r.data FROM json_each(?1) k JOIN relationships r
    ON r.a = json_extract(k.value, '$[0]') AND r.b = json_extract(k.value, '$[1]')
        AND r.type = json_extract(k.value, '$[2]')
"""

TEAM_OF_ACCOUNT = f"""
    SELECT account, member FROM on_team WHERE account IN {_IDS1}
    UNION SELECT b, a FROM relationships WHERE type = 'on_team' AND b IN {_IDS1}
"""

# -- one batch of account subgraphs (?1 = the batch's account ids) ------------------------
SG_ACCOUNTS = f"SELECT id, data FROM nodes WHERE kind = 'account' AND id IN {_IDS1}"
SG_MEMBERS = (
    f"SELECT account, kind, id, data FROM nodes WHERE account IN {_IDS1} "
    "AND kind IN ('stakeholder', 'department') ORDER BY id"
)
#: (account, team member): on_team rows and edges, and our people relating to its stakeholders.
SG_TEAM = (
    TEAM_OF_ACCOUNT
    + f"""
    UNION SELECT s.account, r.a FROM nodes s
        JOIN relationships r ON r.b = s.id AND r.type = 'relates_to'
        WHERE s.account IN {_IDS1} AND s.kind = 'stakeholder'
"""
)
#: knows edges touching any of the people in ?1 (stored with a < b, so look at both ends).
SG_KNOWS = f"""
    SELECT a, b FROM relationships WHERE type = 'knows' AND a IN {_IDS1}
    UNION SELECT a, b FROM relationships WHERE type = 'knows' AND b IN {_IDS1}
"""
SG_COMPETITOR_RELS = (
    f"SELECT a, b FROM relationships WHERE type = 'competitor_relates_to' AND b IN {_IDS1}"
)
SG_RECORDS = (
    "SELECT account, kind, data, json_extract(data, '$.competitor') FROM records "
    f"WHERE account IN {_IDS1} ORDER BY kind, {RECORD_ORDER}"
)
#: Edges among the batch's nodes (?1), plus group/partner edges touching its accounts (?2).
#: `+b` keeps the planner from probing the index for every (a, b) pair of the two id lists.
SG_EDGES = f"""
    SELECT type, a, b, data FROM relationships WHERE a IN {_IDS1} AND +b IN {_IDS1}
    UNION SELECT type, a, b, data FROM relationships
        WHERE type IN ('subsidiary_of', 'partners_with') AND a IN {_IDS2}
    UNION SELECT type, a, b, data FROM relationships
        WHERE type IN ('subsidiary_of', 'partners_with') AND b IN {_IDS2}
    ORDER BY 1, 2, 3
"""

# -- version tokens and the analysis cache (see sqlite_schema._v3_versions_and_cache) ---------
_IN_ACCOUNT_KINDS = "('stakeholder', 'department')"
#: Bump once each account that is in ?1 (account ids), or holds a person or department of ?2
#: (node ids), or holds a record of ?3 (a JSON array of [kind, id]); unknown ids are ignored.
BUMP_ACCOUNTS = f"""
    INSERT INTO account_versions(account, version)
    SELECT id, 1 FROM nodes WHERE kind = 'account' AND id IN (
        SELECT value FROM json_each(?1)
        UNION SELECT account FROM nodes WHERE id IN {_IDS2} AND kind IN {_IN_ACCOUNT_KINDS}
        UNION SELECT r.account FROM json_each(?3) k JOIN records r
            ON r.kind = json_extract(k.value, '$[0]') AND r.id = json_extract(k.value, '$[1]'))
    ON CONFLICT(account) DO UPDATE SET version = version + 1
"""
#: Bump the shared version (every account's token) when ?1 is true.
BUMP_SHARED = "UPDATE store_version SET version = version + 1 WHERE ?1"
#: Bump the shared version when some edge of ?1 (a JSON array of [a, b]) has neither end a
#: person or department: it joins only shared nodes.
BUMP_SHARED_FOR_EDGES = f"""
    UPDATE store_version SET version = version + 1 WHERE EXISTS (
        SELECT 1 FROM json_each(?1) e WHERE NOT EXISTS (
            SELECT 1 FROM nodes n
            WHERE n.id IN (json_extract(e.value, '$[0]'), json_extract(e.value, '$[1]'))
            AND n.kind IN {_IN_ACCOUNT_KINDS}))
"""
#: An account's token: '<shared version>.<its own version>' (a missing row counts as 0).
_TOKEN_OF = (
    "(SELECT version FROM store_version) || '.' || "
    "coalesce((SELECT version FROM account_versions v WHERE v.account = n.id), 0)"
)
#: (account, token) of the accounts of ?1; ALL_TOKENS: of every account.
TOKENS = f"SELECT n.id, {_TOKEN_OF} FROM nodes n WHERE n.kind = 'account' AND n.id IN {_IDS1}"
ALL_TOKENS = f"SELECT n.id, {_TOKEN_OF} FROM nodes n WHERE n.kind = 'account'"
#: (account, version, payload) cached under ?1 for the accounts of ?2 whose version is current.
READ_CACHE = f"""
    SELECT c.account, c.version, c.payload FROM analysis_cache c JOIN nodes n ON n.id = c.account
    WHERE c.key = ?1 AND c.account IN {_IDS2} AND n.kind = 'account' AND c.version = {_TOKEN_OF}
"""
#: Keep (?1 key, ?2 account, ?3 version, ?4 payload) when ?3 is the account's current token
#: (a result computed from an older version would never be read back; it must not replace
#: a fresher one either).
WRITE_CACHE = f"""
    INSERT INTO analysis_cache(key, account, version, payload)
    SELECT ?1, n.id, ?3, ?4 FROM nodes n WHERE n.id = ?2 AND n.kind = 'account'
        AND ?3 = {_TOKEN_OF}
    ON CONFLICT(key, account) DO UPDATE SET version = excluded.version,
        payload = excluded.payload
"""
