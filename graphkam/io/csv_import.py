"""CSV import: a CRM contact-role export (stakeholders) or a relationships list, in any language.

Headers are matched case-insensitively, ignoring spaces, `_`, `-` and brackets, by English and
Chinese synonyms. The kind of file is decided from its headers. Row numbers count the header
as row 1, as spreadsheets do.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graphkam.documents import AccountMap
from graphkam.errors import InvalidInputError, NotFoundError, Problem
from graphkam.identity import match_nodes
from graphkam.io.accountmap import check_size
from graphkam.io.crm import (
    CLEAR_MARKS,
    EXTERNAL_ID_COLUMNS,
    INFLUENCE_WORDS,
    RELATIONSHIP_COLUMNS,
    STAKEHOLDER_COLUMNS,
    STANCE_VALUES,
    crm_roles,
    header_keys,
    is_true,
    join_name,
    normalize_header,
)
from graphkam.io.csv_reader import CsvTable, parse_csv_table, read_csv_table
from graphkam.io.locate import Loc, ParsedFile, Place, SourceMap, locate_problems
from graphkam.io.messages import dotted, problems_from_validation
from graphkam.model import Account, Department, Node, NodeKind
from graphkam.stores.base import Store

__all__ = [
    "CsvKind",
    "CsvSourceMap",
    "STAKEHOLDER_COLUMNS",
    "RELATIONSHIP_COLUMNS",
    "INFLUENCE_WORDS",
    "read_csv",
    "parse_csv",
    "derived_id",
    "csv_kind",
    "normalize_header",
]


class CsvKind(StrEnum):
    """What a CSV file holds."""

    STAKEHOLDERS = "stakeholders"
    RELATIONSHIPS = "relationships"


def read_csv(path: str | Path, store: Store | None = None) -> ParsedFile:
    """Read a stakeholders or relationships CSV (any encoding and delimiter the one CSV reader
    detects); accounts, departments and people resolve in `store`."""
    table = read_csv_table(path)
    parsed = parse_table(table, store)
    parsed.notes[:0] = table.notes
    return parsed


def parse_csv(text: str, source: str = "<csv>", store: Store | None = None) -> ParsedFile:
    """Parse CSV text into an account map; InvalidInputError names source, row and column."""
    check_size(len(text.encode("utf-8")), source)
    table = parse_csv_table(text, source)
    parsed = parse_table(table, store)
    parsed.notes[:0] = table.notes
    return parsed


def parse_table(table: CsvTable, store: Store | None = None) -> ParsedFile:
    """An account map from a split CSV (see graphkam/io/csv_reader.py).

    An empty cell leaves the stored value alone; a cell `-` or `(clear)` clears it (sets it
    to none, no roles, stance unknown, influence 0.5).
    """
    source, header = table.source, table.header
    kind = csv_kind(header, source)
    columns = STAKEHOLDER_COLUMNS if kind is CsvKind.STAKEHOLDERS else RELATIONSHIP_COLUMNS
    fields, ignored, external = _match_headers(header, columns, source)
    if kind is CsvKind.RELATIONSHIPS:
        ignored += [header[i].strip() for i in external]
        external = {}
    builder = _Builder(source, header, fields, store)
    for number, cells in table.rows:
        values = {f: _unquote(cells[i].strip()) for f, i in fields.items() if i < len(cells)}
        values = {f: v for f, v in values.items() if v}
        ext = [f"{p}:{cells[i].strip()}" if p else cells[i].strip()
               for i, p in external.items() if i < len(cells) and cells[i].strip()]  # fmt: skip
        if kind is CsvKind.STAKEHOLDERS:
            builder.add_stakeholder(values, number, ext)
        else:
            builder.add_relationship(values, number)
    parsed = builder.finish()
    if ignored:
        parsed.notes.append(f"{source}: ignored columns: {', '.join(ignored)}")
    return parsed


def csv_kind(header: list[str], source: str = "<csv>") -> CsvKind:
    """Stakeholders if there is a name (or first + last name) column; relationships if there
    are type, from and to columns."""
    found = {_field_of(h, RELATIONSHIP_COLUMNS) for h in header}
    if {"type", "from", "to"} <= found:
        return CsvKind.RELATIONSHIPS
    people = {_field_of(h, STAKEHOLDER_COLUMNS) for h in header}
    if "name" in people or {"first_name", "last_name"} & people:
        return CsvKind.STAKEHOLDERS
    raise InvalidInputError(
        Problem(
            "cannot tell what this CSV holds: a stakeholders CSV needs a Name (姓名) or First "
            "Name/Last Name column, a relationships CSV needs type, from and to columns",
            source=source,
            row=1,
        )
    )


def derived_id(prefix: str, *parts: str) -> str:
    """`prefix-` + the first 10 hex digits of SHA-1 over the parts joined by '|' (UTF-8)."""
    digest = hashlib.sha1("|".join(p.strip() for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:10]}"


# -- private helpers ---------------------------------------------------------------------------


def _field_of(header: str, columns: Mapping[str, tuple[str, ...]]) -> str | None:
    for key in header_keys(header):
        for name, synonyms in columns.items():
            if key in synonyms:
                return name
    return None


def _external_of(header: str) -> str | None:
    for key in header_keys(header):
        if key in EXTERNAL_ID_COLUMNS:
            return EXTERNAL_ID_COLUMNS[key]
    return None


def _match_headers(
    header: list[str], columns: Mapping[str, tuple[str, ...]], source: str
) -> tuple[dict[str, int], list[str], dict[int, str]]:
    """Field -> column index, the ignored headers, and CRM id columns (index -> prefix)."""
    fields: dict[str, int] = {}
    ignored = []
    external: dict[int, str] = {}
    for i, text in enumerate(header):
        name = _field_of(text, columns)
        if name is None:
            prefix = _external_of(text)
            if prefix is not None:
                external[i] = prefix
            elif text.strip():
                ignored.append(text.strip())
            continue
        if name in fields:
            raise InvalidInputError(
                Problem(
                    f"columns '{header[fields[name]].strip()}' and '{text.strip()}' "
                    f"both mean {name}; keep one",
                    source=source,
                    row=1,
                )
            )
        fields[name] = i
    return fields, ignored, external


class CsvSourceMap(SourceMap):
    """Rows of the document's items and the header text of their fields."""

    def __init__(self, header: list[str], fields: dict[str, int]) -> None:
        self.rows: dict[tuple[str, int], int] = {}
        self.columns: dict[tuple[str, str], str] = {}
        self.header, self.fields = header, fields

    def column(self, field: str) -> str:
        i = self.fields.get(field)
        return self.header[i].strip() if i is not None else field

    def place(self, loc: Loc) -> Place:
        row = self.rows.get((str(loc[0]), int(loc[1]))) if len(loc) >= 2 else None
        if row is None or len(loc) < 3:
            return Place(row=row, field=dotted(loc) or None)
        return Place(row=row, field=self.columns.get((str(loc[0]), str(loc[2])), str(loc[2])))


class _Builder:
    """Turns rows into account-map items, resolving accounts and departments as it goes."""

    def __init__(
        self, source: str, header: list[str], fields: dict[str, int], store: Store | None
    ) -> None:
        self.source, self.store = source, store
        self.smap = CsvSourceMap(header, fields)
        self.problems: list[Problem] = []
        self.accounts: list[dict[str, Any]] = []
        self.departments: list[dict[str, Any]] = []
        self.stakeholders: list[dict[str, Any]] = []
        self.relationships: list[dict[str, Any]] = []
        self._account_names: dict[str, list[str]] | None = None
        self._new_accounts: dict[str, str] = {}  # id -> name, created by this file
        self._depts: dict[str, dict[str, str]] = {}  # account -> {name: id}
        self._dept_ids: dict[str, str] = {}  # department id -> account
        self._derived: dict[str, int] = {}  # derived stakeholder id -> first row
        self._kinds: dict[str, NodeKind | None] = {}  # stored node kinds already asked for
        self._people: list[Node] | None = None  # stored nodes a relationship row may name
        self.derived: set[str] = set()
        self.primary: list[str] = []
        for field in ("id", "account", "name", "title", "department", "roles", "stance"):
            self.smap.columns[("stakeholders", field)] = self.smap.column(field)
        for field in ("influence", "status", "notes", "competitor_preference", "emails", "phone"):
            self.smap.columns[("stakeholders", field)] = self.smap.column(field)
        for field in RELATIONSHIP_COLUMNS:
            self.smap.columns[("relationships", field)] = self.smap.column(field)
        for field in ("id", "name"):
            self.smap.columns[("accounts", field)] = self.smap.column("account")
        for field in ("id", "name", "account"):
            self.smap.columns[("departments", field)] = self.smap.column("department")

    def problem(self, message: str, row: int, field: str) -> None:
        self.problems.append(
            Problem(message, source=self.source, row=row, field=self.smap.column(field))
        )

    def add_stakeholder(self, values: dict[str, str], row: int, external: list[str]) -> None:
        first, last = values.pop("first_name", ""), values.pop("last_name", "")
        if "name" not in values and (first or last):
            values["name"] = join_name(first, last)
        primary = values.pop("primary", None)
        item: dict[str, Any] = dict(values)
        account = self._account(values.get("account"), row)
        if account is not None:
            item["account"] = account
            if values.get("department") not in (None, *CLEAR_MARKS):
                item["department"] = self._department(account, values["department"], row)
        if values.get("influence") not in (None, *CLEAR_MARKS):
            item["influence"] = _influence(values["influence"])
        if values.get("roles") not in (None, *CLEAR_MARKS):
            roles, stance = crm_roles(values["roles"])
            item["roles"] = roles
            if stance is not None and "stance" not in values:
                item["stance"] = stance.value
        if values.get("stance") in STANCE_VALUES:
            item["stance"] = STANCE_VALUES[values["stance"]]
        if values.get("emails") not in (None, *CLEAR_MARKS):
            item["emails"] = [e for e in re.split(r"[;,\s]+", values["emails"]) if e]
        if external:
            item["external_ids"] = external
        for field, value in values.items():
            if value in CLEAR_MARKS:
                item[field] = _CLEARED.get(field)
        if "id" not in item:
            item["id"] = derived_id("sh", account or "", values.get("name", ""))
            self.derived.add(item["id"])
            first_row = self._derived.setdefault(item["id"], row)
            if first_row != row and "name" in values:
                self.problem(
                    f"same account and name as row {first_row}; add an Id column to tell them "
                    "apart",
                    row,
                    "name",
                )
        if primary is not None and is_true(primary):
            self.primary.append(values.get("name", item["id"]))
        self.smap.rows[("stakeholders", len(self.stakeholders))] = row
        self.stakeholders.append(item)

    def add_relationship(self, values: dict[str, str], row: int) -> None:
        item: dict[str, Any] = dict(values)
        account = values.pop("account", None)
        item.pop("account", None)
        scope = self._account(account, row, create=False) if account else None
        for end in ("from", "to"):
            if end in values:
                item[end] = self._person(values[end], scope, row, end)
        for field, value in values.items():
            if value in CLEAR_MARKS and field not in ("type", "from", "to"):
                item[field] = None
        self.smap.rows[("relationships", len(self.relationships))] = row
        self.relationships.append(item)

    def finish(self) -> ParsedFile:
        data = {
            "accounts": self.accounts,
            "departments": self.departments,
            "stakeholders": self.stakeholders,
            "relationships": self.relationships,
        }
        problems = list(self.problems)
        doc = AccountMap()
        try:
            doc = AccountMap.model_validate(data)
        except ValidationError as exc:
            taken = {(p.row, p.field) for p in problems}
            located = locate_problems(problems_from_validation(exc), self.source, self.smap)
            problems += [p for p in located if (p.row, p.field) not in taken]
        if problems:
            problems.sort(key=lambda p: p.row or 0)
            raise InvalidInputError(problems)
        parsed = ParsedFile(source=self.source, doc=doc, smap=self.smap, derived_ids=self.derived)
        if self.primary:
            parsed.notes.append(f"{self.source}: primary contact: {', '.join(self.primary)}")
        return parsed

    # -- resolution ------------------------------------------------------------------------

    def _person(self, value: str, account: str | None, row: int, end: str) -> str:
        """A relationship end named by id, or by name or an unambiguous part of one (a
        stakeholder of `account` when the row names one, one of our people, a third party or
        an account); the text itself when nothing matches (validation then names it)."""
        if self._stored_kind(value) is not None:
            return value
        if self._people is None:
            self._people = []
            if self.store is not None:
                for kind in _PERSON_KINDS:
                    self._people += self.store.list_nodes(kind)
        people = [
            n for n in self._people
            if account is None or getattr(n, "account", account) in (account, None)
        ]  # fmt: skip
        try:
            return match_nodes(value, people, _PERSON_KINDS, account).id
        except InvalidInputError as exc:
            self.problem(exc.problems[0].message, row, end)
            return value
        except NotFoundError:
            return value

    def _account(self, value: str | None, row: int, create: bool = True) -> str | None:
        """The id of the account named by id or exact name; a new account when unknown."""
        if not value:
            self.problem("is required (an account id or name)", row, "account")
            return None
        if value in self._new_accounts or self._stored_kind(value) is NodeKind.ACCOUNT:
            return value
        names = self._names()
        ids = sorted(set(names.get(value, [])))
        if len(ids) > 1:
            self.problem(
                f"{len(ids)} accounts are named '{value}' ({', '.join(ids)}); use the account id",
                row,
                "account",
            )
            return None
        if ids:
            return ids[0]
        if not create:
            self.problem(f"no account is called '{value}'", row, "account")
            return None
        new_id = derived_id("acct", value)
        self._new_accounts[new_id] = value
        names.setdefault(value, []).append(new_id)
        self.smap.rows[("accounts", len(self.accounts))] = row
        self.accounts.append({"id": new_id, "name": value})
        return new_id

    def _department(self, account: str, value: str, row: int) -> str:
        """The id of the department named by id or name within `account`; new when unknown."""
        if self._dept_ids.get(value) == account:
            return value
        known = self._departments_of(account)
        if value in known:
            return known[value]
        new_id = derived_id("dept", account, value)
        known[value] = new_id
        self._dept_ids[new_id] = account
        self.smap.rows[("departments", len(self.departments))] = row
        self.departments.append({"id": new_id, "account": account, "name": value})
        return new_id

    def _stored_kind(self, ident: str) -> NodeKind | None:
        """The kind of a stored node, asked once per id (a CSV repeats its accounts)."""
        if self.store is None:
            return None
        if ident not in self._kinds:
            ref = self.store.node_refs([ident]).get(ident)
            self._kinds[ident] = ref[0] if ref else None
        return self._kinds[ident]

    def _names(self) -> dict[str, list[str]]:
        if self._account_names is None:
            self._account_names = {}
            stored = self.store.list_nodes(NodeKind.ACCOUNT) if self.store else []
            for acct in stored:
                assert isinstance(acct, Account)
                self._account_names.setdefault(acct.name, []).append(acct.id)
        return self._account_names

    def _departments_of(self, account: str) -> dict[str, str]:
        if account not in self._depts:
            known: dict[str, str] = {}
            if self.store is not None and account not in self._new_accounts:
                for dept in self.store.list_nodes(NodeKind.DEPARTMENT, account=account):
                    assert isinstance(dept, Department)
                    known.setdefault(dept.name, dept.id)
                    self._dept_ids[dept.id] = account
            self._depts[account] = known
        return self._depts[account]


#: What a clear mark (`-`) sets each stakeholder field to.
_CLEARED: dict[str, Any] = {
    "roles": [],
    "emails": [],
    "external_ids": [],
    "stance": "unknown",
    "influence": 0.5,
    "status": "active",
}

_PERSON_KINDS = (NodeKind.STAKEHOLDER, NodeKind.TEAM_MEMBER, NodeKind.THIRD_PARTY, NodeKind.ACCOUNT)


def _influence(text: str) -> Any:
    """A number 0..1, a percentage ('80%') or a word (high/medium/low, 高/中/低)."""
    word = INFLUENCE_WORDS.get(text.strip().lower())
    if word is not None:
        return word
    try:
        if text.endswith("%"):
            return float(text[:-1]) / 100
        return float(text)
    except ValueError:
        return text


def _unquote(cell: str) -> str:
    """A cell without the apostrophe that `graphkam export` puts before formula-like text."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@\t\r":
        return cell[1:]
    return cell
