"""import_files: one transaction for all files; nothing written on any error."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkam.errors import InvalidInputError
from graphkam.io import generate_account_map, import_files
from graphkam.stores import Store

ACCOUNTS = """\
accounts:
  - id: acme
    name: Acme
"""

PEOPLE = """\
stakeholders:
  - id: ceo
    account: acme
    name: Chief
  - id: cfo
    account: acme
    name: Finance Chief
relationships:
  - {type: reports_to, from: cfo, to: ceo}
  - {type: influences, from: cfo, to: nobody, weight: 0.5}
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_later_files_refer_to_earlier(store: Store, tmp_path: Path) -> None:
    people = PEOPLE.replace("to: nobody", "to: ceo")
    a, b = _write(tmp_path, "a.yaml", ACCOUNTS), _write(tmp_path, "b.yaml", people)
    summaries = import_files(store, [a, b])
    assert [s.counts for s in summaries] == [
        {"accounts": 1},
        {"stakeholders": 2, "relationships": 2},
    ]
    assert [s.source for s in summaries] == [str(a), str(b)]


def test_bad_last_record_leaves_store_unchanged(
    store: Store, tmp_path: Path, example_map_path: Path
) -> None:
    import_files(store, [example_map_path])
    before = generate_account_map(store.export_map())
    bad = _write(tmp_path, "bad.yaml", ACCOUNTS + PEOPLE)
    with pytest.raises(InvalidInputError) as info:
        import_files(store, [bad])
    # ACCOUNTS has 3 lines and the bad relationship is line 10 of PEOPLE: 3 + 10 = 13
    assert str(info.value) == f"{bad}, line 13, field 'relationships[1].to': unknown id 'nobody'"
    assert generate_account_map(store.export_map()) == before


def test_second_file_bad_writes_nothing_of_the_first(store: Store, tmp_path: Path) -> None:
    good = _write(tmp_path, "good.yaml", ACCOUNTS)
    bad = _write(tmp_path, "bad.json", '{"stakeholders": [{"id": "x", "account": "acme"}]}')
    with pytest.raises(InvalidInputError) as info:
        import_files(store, [good, bad])
    assert str(info.value) == f"{bad}, line 1, field 'stakeholders[0].name': is required"
    assert sum(store.counts().values()) == 0


def test_second_file_unreadable_writes_nothing(store: Store, tmp_path: Path) -> None:
    good = _write(tmp_path, "good.yaml", ACCOUNTS)
    with pytest.raises(InvalidInputError) as info:
        import_files(store, [good, tmp_path / "missing.yaml"])
    assert str(info.value) == f"{tmp_path / 'missing.yaml'}: no such file"
    assert sum(store.counts().values()) == 0


def test_several_problems_all_listed(store: Store, tmp_path: Path) -> None:
    text = PEOPLE.replace("account: acme\n    name: Chief", "account: nowhere\n    name: Chief")
    bad = _write(tmp_path, "bad.yaml", text)
    with pytest.raises(InvalidInputError) as info:
        import_files(store, [bad])
    got = [(p.line, p.field) for p in info.value.problems]
    # lines counted by hand in PEOPLE
    assert (3, "stakeholders[0].account") in got
    assert (6, "stakeholders[1].account") in got
    assert (10, "relationships[1].to") in got


def test_unknown_extension(store: Store, tmp_path: Path) -> None:
    path = _write(tmp_path, "map.txt", ACCOUNTS)
    with pytest.raises(InvalidInputError, match=r"map.txt: cannot tell the format"):
        import_files(store, [path])
