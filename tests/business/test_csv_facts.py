"""CSV import of orders, NPS answers and complaints (English and Chinese headers, BOM, errors)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graphkam.business import read_business_csv
from graphkam.errors import InvalidInputError


def _write(tmp_path: Path, text: str, bom: bool = False) -> Path:
    path = tmp_path / "facts.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_orders_english_with_bom(tmp_path: Path) -> None:
    doc = read_business_csv(
        _write(tmp_path, "account,date,amount,margin\nacme,2026-01-05,1200.5,0.25\n\n", bom=True)
    )
    assert len(doc.orders) == 1
    o = doc.orders[0]
    assert (o.account, o.date, o.amount, o.margin) == ("acme", dt.date(2026, 1, 5), 1200.5, 0.25)


def test_nps_chinese_headers(tmp_path: Path) -> None:
    doc = read_business_csv(_write(tmp_path, "客户,日期,评分,受访者\nacme,2026-02-01,9,p1\n"))
    assert [(a.account, a.score, a.respondent) for a in doc.nps] == [("acme", 9, "p1")]


def test_complaints(tmp_path: Path) -> None:
    doc = read_business_csv(
        _write(
            tmp_path,
            "account,date,severity,resolved,summary\n"
            "acme,2026-03-01,4,,Slow exports\nacme,2026-03-02,2,2026-03-09,Login\n",
        )
    )
    assert [(c.severity, c.resolved) for c in doc.complaints] == [
        (4, None),
        (2, dt.date(2026, 3, 9)),
    ]


def test_bad_rows_named_by_file_row_and_field(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "客户,日期,金额\nacme,2026-01-05,100\nacme,not-a-date,100\n,2026-01-07,5\nacme,2026-01-08,-1\n",
    )
    with pytest.raises(InvalidInputError) as info:
        read_business_csv(path)
    where = [(p.source, p.row, p.field) for p in info.value.problems]
    assert where == [(str(path), 3, "日期"), (str(path), 4, "account"), (str(path), 5, "金额")]
    assert str(info.value).startswith(f"{path}, row 3, field '日期':")


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("account,date,colour", "unknown column 'colour'"),
        ("account,date", "cannot tell the kind"),
        ("account,date,amount,score", "cannot tell the kind"),
    ],
)
def test_bad_headers(tmp_path: Path, header: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        read_business_csv(_write(tmp_path, header + "\n"))
