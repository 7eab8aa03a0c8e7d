"""CSV export: stakeholders.csv (the columns the CSV importer reads) and relationships.csv."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from graphkam.documents import AccountMap
from graphkam.model import Relationship, Stakeholder

__all__ = [
    "FORMULA_STARTS",
    "inert_row",
    "STAKEHOLDER_HEADER",
    "RELATIONSHIP_HEADER",
    "generate_stakeholders_csv",
    "generate_relationships_csv",
    "write_csv",
]

#: Stakeholders CSV header: each name is one the importer matches.
STAKEHOLDER_HEADER = [
    "Id",
    "Account",
    "Name",
    "Title",
    "Department",
    "Roles",
    "Stance",
    "Influence",
    "Status",
    "Notes",
    "Competitor Preference",
]

#: Relationships CSV header, in account-map field names.
RELATIONSHIP_HEADER = [
    "type",
    "from",
    "to",
    "strength",
    "weight",
    "last_contact",
    "layer",
    "since",
    "notes",
]


#: First characters that make a spreadsheet read a cell as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_row(row: list[str]) -> list[str]:
    """The row with every text cell that a spreadsheet would run as a formula prefixed by an
    apostrophe (shown as text; the CSV importer drops it again)."""
    return [f"'{c}" if c.startswith(FORMULA_STARTS) else c for c in row]


def generate_stakeholders_csv(doc: AccountMap, include_personal: bool = True) -> str:
    """Stakeholders as CSV text: Account is the account id, Department the department's name."""
    depts = {d.id: d.name for d in doc.departments}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(STAKEHOLDER_HEADER)
    for s in doc.stakeholders:
        writer.writerow(inert_row(_stakeholder_row(s, depts, include_personal)))
    return out.getvalue()


def generate_relationships_csv(doc: AccountMap) -> str:
    """Relationships as CSV text, one edge a row, dates as YYYY-MM-DD."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(RELATIONSHIP_HEADER)
    for r in doc.relationships:
        writer.writerow(inert_row(_relationship_row(r)))
    return out.getvalue()


def write_csv(doc: AccountMap, target: str | Path, include_personal: bool = True) -> list[str]:
    """Write stakeholders.csv and relationships.csv into the folder `target` (made if missing),
    or into a zip file when `target` ends in .zip. UTF-8 with a BOM so Excel reads Chinese.

    Returns the names written.
    """
    files = {
        "stakeholders.csv": generate_stakeholders_csv(doc, include_personal),
        "relationships.csv": generate_relationships_csv(doc),
    }
    target = Path(target)
    if target.suffix.lower() == ".zip":
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, text in files.items():
                zf.writestr(name, text.encode("utf-8-sig"))
        return [f"{target}:{name}" for name in files]
    target.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (target / name).write_text(text, encoding="utf-8-sig", newline="")
    return [str(target / name) for name in files]


def _stakeholder_row(s: Stakeholder, depts: dict[str, str], include_personal: bool) -> list[str]:
    return [
        s.id,
        s.account,
        s.name,
        s.title or "",
        depts.get(s.department, s.department) if s.department else "",
        ";".join(r.value for r in s.roles),
        s.stance.value,
        str(s.influence),
        s.status.value,
        (s.notes or "") if include_personal else "",
        s.competitor_preference or "",
    ]


def _relationship_row(r: Relationship) -> list[str]:
    def num(x: float | None) -> str:
        return "" if x is None else str(x)

    return [
        r.type.value,
        r.from_id,
        r.to_id,
        num(r.strength),
        num(r.weight),
        r.last_contact.isoformat() if r.last_contact else "",
        r.layer.value if r.layer else "",
        r.since.isoformat() if r.since else "",
        r.notes or "",
    ]
