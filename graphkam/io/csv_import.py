"""CSV import: a CRM contact-role export (stakeholders) or a relationships list, in any language.

Headers are matched case-insensitively, ignoring spaces, `_`, `-` and brackets, by English and
Chinese synonyms. The kind of file is decided from its headers. Row numbers count the header
as row 1, as spreadsheets do.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graphkam.documents import AccountMap
from graphkam.errors import InvalidInputError, Problem
from graphkam.io.accountmap import check_size, read_text
from graphkam.io.locate import Loc, ParsedFile, Place, SourceMap, locate_problems
from graphkam.io.messages import dotted, problems_from_validation
from graphkam.model import Account, Department, NodeKind
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


#: Stakeholder fields and the header names that mean them (after normalize_header).
STAKEHOLDER_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "contactid", "stakeholderid", "编号", "联系人编号"),
    "account": (
        "account",
        "accountname",
        "accountid",
        "company",
        "companyname",
        "customer",
        "客户",
        "公司",
        "客户名称",
        "公司名称",
        "客户编号",
    ),
    "name": ("name", "fullname", "contact", "contactname", "姓名", "联系人", "名字"),
    "title": ("title", "jobtitle", "position", "职位", "职务", "头衔"),
    "department": ("department", "dept", "部门"),
    "roles": (
        "role",
        "roles",
        "contactrole",
        "contactroles",
        "decisionrole",
        "decisionroles",
        "buyingrole",
        "角色",
        "决策角色",
    ),
    "stance": ("stance", "attitude", "态度", "立场"),
    "influence": ("influence", "影响力"),
    "status": ("status", "状态"),
    "notes": ("notes", "note", "description", "comments", "备注"),
    "competitor_preference": ("competitorpreference", "竞品倾向"),
}

#: Relationship fields (as the account map names them) and their header names.
RELATIONSHIP_COLUMNS: dict[str, tuple[str, ...]] = {
    "type": ("type", "relationship", "relationshiptype", "类型", "关系", "关系类型"),
    "from": ("from", "fromid", "source", "从", "起点", "来源"),
    "to": ("to", "toid", "target", "到", "终点", "目标"),
    "strength": ("strength", "强度"),
    "weight": ("weight", "权重"),
    "last_contact": ("lastcontact", "lastcontacted", "最近联系", "最后联系"),
    "layer": ("layer", "层级", "层"),
    "since": ("since", "起始日期"),
    "notes": ("notes", "note", "comments", "备注"),
}

#: Words accepted in the influence column, and the number each stands for.
INFLUENCE_WORDS: dict[str, float] = {
    "high": 0.8,
    "medium": 0.5,
    "low": 0.2,
    "高": 0.8,
    "中": 0.5,
    "低": 0.2,
}


def read_csv(path: str | Path, store: Store | None = None) -> ParsedFile:
    """Read a stakeholders or relationships CSV; accounts and departments resolve in `store`."""
    return parse_csv(read_text(path), str(path), store)


def parse_csv(text: str, source: str = "<csv>", store: Store | None = None) -> ParsedFile:
    """Parse CSV text into an account map; InvalidInputError names source, row and column."""
    check_size(len(text.encode("utf-8")), source)
    rows = _records(text.removeprefix("\ufeff"), source)
    if not rows:
        raise InvalidInputError(Problem("the file is empty", source=source))
    header, body = rows[0], rows[1:]
    kind = csv_kind(header, source)
    columns = STAKEHOLDER_COLUMNS if kind is CsvKind.STAKEHOLDERS else RELATIONSHIP_COLUMNS
    fields, ignored = _match_headers(header, columns, source)
    builder = _Builder(source, header, fields, store)
    for number, cells in enumerate(body, start=2):
        if not any(c.strip() for c in cells):
            continue
        values = {f: _unquote(cells[i].strip()) for f, i in fields.items() if i < len(cells)}
        values = {f: v for f, v in values.items() if v}
        if kind is CsvKind.STAKEHOLDERS:
            builder.add_stakeholder(values, number)
        else:
            builder.add_relationship(values, number)
    parsed = builder.finish()
    if ignored:
        parsed.notes.append(f"{source}: ignored columns: {', '.join(ignored)}")
    return parsed


def csv_kind(header: list[str], source: str = "<csv>") -> CsvKind:
    """Stakeholders if there is a name column; relationships if there are type, from and to."""
    names = {normalize_header(h) for h in header}
    if {"type", "from", "to"} <= {_field_of(n, RELATIONSHIP_COLUMNS) for n in names}:
        return CsvKind.RELATIONSHIPS
    if any(_field_of(n, STAKEHOLDER_COLUMNS) == "name" for n in names):
        return CsvKind.STAKEHOLDERS
    raise InvalidInputError(
        Problem(
            "cannot tell what this CSV holds: a stakeholders CSV needs a Name (姓名) column, "
            "a relationships CSV needs type, from and to columns",
            source=source,
            row=1,
        )
    )


def normalize_header(text: str) -> str:
    """Lower case without spaces, `_`, `-`, `.` or brackets: 'Role(s)' -> 'roles'."""
    drop = str.maketrans("", "", " \t_-.()（）[]\ufeff")
    return text.strip().lower().translate(drop)


def derived_id(prefix: str, *parts: str) -> str:
    """`prefix-` + the first 10 hex digits of SHA-1 over the parts joined by '|' (UTF-8)."""
    digest = hashlib.sha1("|".join(p.strip() for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:10]}"


# -- private helpers ---------------------------------------------------------------------------


def _records(text: str, source: str) -> list[list[str]]:
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise InvalidInputError(Problem(f"malformed CSV: {exc}", source=source)) from None


def _field_of(normalized: str, columns: Mapping[str, tuple[str, ...]]) -> str | None:
    for name, synonyms in columns.items():
        if normalized in synonyms:
            return name
    return None


def _match_headers(
    header: list[str], columns: Mapping[str, tuple[str, ...]], source: str
) -> tuple[dict[str, int], list[str]]:
    fields: dict[str, int] = {}
    ignored = []
    for i, text in enumerate(header):
        name = _field_of(normalize_header(text), columns)
        if name is None:
            if text.strip():
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
    return fields, ignored


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
        for field in ("id", "account", "name", "title", "department", "roles", "stance"):
            self.smap.columns[("stakeholders", field)] = self.smap.column(field)
        for field in ("influence", "status", "notes", "competitor_preference"):
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

    def add_stakeholder(self, values: dict[str, str], row: int) -> None:
        item: dict[str, Any] = dict(values)
        account = self._account(values.get("account"), row)
        if account is not None:
            item["account"] = account
            if "department" in values:
                item["department"] = self._department(account, values["department"], row)
        if "influence" in values:
            item["influence"] = _influence(values["influence"])
        if "id" not in item:
            item["id"] = derived_id("sh", account or "", values.get("name", ""))
            first = self._derived.setdefault(item["id"], row)
            if first != row and "name" in values:
                self.problem(
                    f"same account and name as row {first}; add an Id column to tell them apart",
                    row,
                    "name",
                )
        self.smap.rows[("stakeholders", len(self.stakeholders))] = row
        self.stakeholders.append(item)

    def add_relationship(self, values: dict[str, str], row: int) -> None:
        self.smap.rows[("relationships", len(self.relationships))] = row
        self.relationships.append(dict(values))

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
        return ParsedFile(source=self.source, doc=doc, smap=self.smap)

    # -- resolution ------------------------------------------------------------------------

    def _account(self, value: str | None, row: int) -> str | None:
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
