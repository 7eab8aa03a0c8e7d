"""CSV import of business facts: orders, NPS answers or complaints, the kind told by the headers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graphkam.documents import RECORD_SECTIONS, AccountMap
from graphkam.errors import InvalidInputError, Problem
from graphkam.io.csv_reader import CsvTable, parse_csv_table, read_csv_text
from graphkam.model import Complaint, NpsAnswer, Order, RecordKind

__all__ = ["read_business_csv", "parse_business_csv", "parse_business_table", "HEADER_ALIASES"]

#: Header aliases (English and Chinese, case- and separator-insensitive) -> field name.
HEADER_ALIASES: dict[str, str] = {
    "id": "id",
    "编号": "id",
    "订单号": "id",
    "order_id": "id",
    "account": "account",
    "account_id": "account",
    "客户": "account",
    "客户id": "account",
    "客户编号": "account",
    "账户": "account",
    "date": "date",
    "日期": "date",
    "order_date": "date",
    "invoice_date": "date",
    "下单日期": "date",
    "amount": "amount",
    "金额": "amount",
    "订单金额": "amount",
    "value": "amount",
    "margin": "margin",
    "毛利率": "margin",
    "毛利": "margin",
    "score": "score",
    "nps": "score",
    "nps_score": "score",
    "评分": "score",
    "得分": "score",
    "分数": "score",
    "respondent": "respondent",
    "受访者": "respondent",
    "答卷人": "respondent",
    "severity": "severity",
    "严重程度": "severity",
    "级别": "severity",
    "resolved": "resolved",
    "resolved_date": "resolved",
    "解决日期": "resolved",
    "summary": "summary",
    "摘要": "summary",
    "内容": "summary",
    "投诉内容": "summary",
}

_KIND_BY_FIELD = {
    "amount": RecordKind.ORDER,
    "score": RecordKind.NPS,
    "severity": RecordKind.COMPLAINT,
    "summary": RecordKind.COMPLAINT,
}
_MODELS: dict[RecordKind, type[Order | NpsAnswer | Complaint]] = {
    RecordKind.ORDER: Order,
    RecordKind.NPS: NpsAnswer,
    RecordKind.COMPLAINT: Complaint,
}


def read_business_csv(path: str | Path) -> AccountMap:
    """Read an orders, NPS or complaints CSV as an account map (encoding and delimiter are
    detected by graphkam/io/csv_reader.py, the one CSV reader).

    Raises InvalidInputError naming the file, row (the file's line, header = 1) and field of
    every bad row; nothing is returned (so nothing can be written) when any row is bad.
    """
    source = str(path)
    text, _encoding = read_csv_text(path)
    return parse_business_csv(text, source=source)


def parse_business_csv(text: str, source: str | None = None) -> AccountMap:
    """Parse CSV text of business facts (see `read_business_csv`)."""
    return parse_business_table(parse_csv_table(text, source or "<csv>"))[0]


def parse_business_table(table: CsvTable) -> tuple[AccountMap, list[int]]:
    """Business facts from a split CSV, and the row number of each record in file order."""
    source: str | None = table.source
    header = table.header
    fields, problems = _map_header(header, source)
    kinds = {_KIND_BY_FIELD[f] for f in fields if f in _KIND_BY_FIELD}
    if len(kinds) != 1:
        problems.append(
            Problem(
                "cannot tell the kind of facts: headers need 'amount' (orders), 'score' (NPS) "
                "or 'severity'/'summary' (complaints), exactly one kind",
                source=source,
                row=1,
            )
        )
    if problems:
        raise InvalidInputError(problems)
    kind = kinds.pop()
    model = _MODELS[kind]
    records: list[Any] = []
    rows: list[int] = []
    for row_no, row in table.rows:
        if len(row) > len(fields):
            problems.append(
                Problem(f"{len(row)} cells but {len(fields)} headers", source=source, row=row_no)
            )
            continue
        values = {
            f: cell.strip()
            for f, cell in zip(fields, row, strict=False)
            if f is not None and cell.strip() != ""
        }
        if "account" not in values:
            problems.append(Problem("missing account", source=source, row=row_no, field="account"))
            continue
        try:
            records.append(model.model_validate(values))
            rows.append(row_no)
        except ValidationError as exc:
            for err in exc.errors(include_input=False):
                name = str(err["loc"][0]) if err["loc"] else None
                problems.append(
                    Problem(err["msg"], source=source, row=row_no, field=_header_of(name, header))
                )
    if problems:
        raise InvalidInputError(problems)
    return AccountMap.model_validate({RECORD_SECTIONS[kind]: records}), rows


def _norm(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _map_header(header: list[str], source: str | None) -> tuple[list[str | None], list[Problem]]:
    fields: list[str | None] = []
    problems = []
    seen: set[str] = set()
    for i, raw in enumerate(header, start=1):
        name = HEADER_ALIASES.get(_norm(raw))
        if name is None:
            if raw.strip():
                problems.append(
                    Problem(
                        f"unknown column '{raw.strip()}' (column {i})",
                        source=source,
                        row=1,
                        field=raw.strip(),
                    )
                )
            fields.append(None)
            continue
        if name in seen:
            problems.append(
                Problem(f"column '{name}' given twice", source=source, row=1, field=raw.strip())
            )
        seen.add(name)
        fields.append(name)
    return fields, problems


def _header_of(field: str | None, header: list[str]) -> str | None:
    """The header the user wrote for `field` (so a message names their column)."""
    if field is None:
        return None
    for raw in header:
        if HEADER_ALIASES.get(_norm(raw)) == field:
            return raw.strip()
    return field
