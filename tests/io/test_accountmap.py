"""YAML/JSON account maps: errors as file, line and field; round trips byte-identical."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from graphkam.errors import InvalidInputError
from graphkam.io import (
    generate_account_map,
    import_files,
    parse_account_map,
    read_account_map,
    write_account_map,
)
from graphkam.io.accountmap import MAX_DEPTH
from graphkam.stores import Store, open_store

# A small valid map. Dates are quoted so the JSON variant (json.dumps of yaml.safe_load) works.
BASE = """\
accounts:
  - id: acme
    name: Acme 艾克米
  - id: other
    name: Other Co
team:
  - id: rep
    name: Rep One
    team_role: account_manager
    accounts: [acme]
stakeholders:
  - id: ceo
    account: acme
    name: 王总 Wang
    roles: [decision_maker]
    stance: neutral
    influence: 0.9
  - id: cto
    account: acme
    name: CTO Person
    stance: champion
    notes: "secret-personal-note"
  - id: buyer
    account: other
    name: Other Buyer
relationships:
  - type: reports_to
    from: cto
    to: ceo
  - type: relates_to
    from: rep
    to: cto
    strength: 0.7
    last_contact: '2026-10-20'
"""

# (case id, old line in BASE, new line, field, message part). The expected line number is the
# line of the new text in the mutated file, counted from the text itself, not by the reader.
CASES = [
    ("empty id", "  - id: cto", '  - id: ""', "stakeholders[1].id", "must not be empty"),
    (
        "influence 1.5",
        "    influence: 0.9",
        "    influence: 1.5",
        "stakeholders[0].influence",
        "1.5 is above the maximum 1",
    ),
    (
        "bad stance",
        "    stance: champion",
        "    stance: friendly",
        "stakeholders[1].stance",
        "'friendly' is not one of champion, supporter, neutral, skeptic, opponent or unknown",
    ),
    (
        "bad date",
        "    last_contact: '2026-10-20'",
        "    last_contact: '2026-13-45'",
        "relationships[1].last_contact",
        "'2026-13-45' is not a date (use YYYY-MM-DD)",
    ),
    (
        "unknown key",
        "    name: CTO Person",
        "    name: CTO Person\n    favourite_colour: red",
        "stakeholders[1].favourite_colour",
        "unknown key 'favourite_colour' (allowed: id, account, name, title, department, roles,",
    ),
    (
        "unknown endpoint",
        "    to: cto",
        "    to: hx-cxo",
        "relationships[1].to",
        "unknown id 'hx-cxo'",
    ),
    (
        "reports_to across accounts",
        "    to: ceo",
        "    to: buyer",
        "relationships[0].to",
        "reports_to joins people of different accounts ('cto' of 'acme', 'buyer' of 'other')",
    ),
    ("duplicate id", "  - id: buyer", "  - id: ceo", "stakeholders[2].id", "duplicate id 'ceo'"),
    (
        "bad role",
        "    roles: [decision_maker]",
        "    roles: [decision_maker, janitor]",
        "stakeholders[0].roles[1]",
        "'janitor' is not one of decision_maker,",
    ),
    (
        "missing name",
        "    name: Other Buyer",
        "    title: Buyer",
        "stakeholders[2].name",
        "is required",
    ),
]


_NAMES = ("case", "old", "new", "field", "message")


def _mutate(old: str, new: str) -> str:
    assert BASE.count(old + "\n") == 1, old
    return BASE.replace(old + "\n", new + "\n")


def _line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing `needle`."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def _import_error(store: Store, path: Path) -> InvalidInputError:
    with pytest.raises(InvalidInputError) as info:
        import_files(store, [path])
    return info.value


@pytest.mark.parametrize(_NAMES, CASES, ids=[c[0] for c in CASES])
def test_yaml_errors_name_file_line_field(
    store: Store, tmp_path: Path, case: str, old: str, new: str, field: str, message: str
) -> None:
    text = _mutate(old, new)
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    # the last line of the new text, where the old line stood
    line = BASE[: BASE.index(old + "\n")].count("\n") + len(new.splitlines())
    if case == "missing name":  # a missing key is placed at the start of its item
        line = _line_of(text, "  - id: buyer")
    err = _import_error(store, path)
    assert str(err.problems[0]).startswith(f"{path}, line {line}, field '{field}': {message}")
    assert "secret-personal-note" not in str(err)
    assert store.counts() == {k: 0 for k in store.counts()}


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """A SQLite store only: the JSON table checks line placement, which no backend changes
    (the YAML table above runs the same problems on every backend)."""
    with open_store(f"sqlite:///{tmp_path / 'json.db'}") as s:
        yield s


@pytest.mark.parametrize(_NAMES, CASES, ids=[c[0] for c in CASES])
def test_json_errors_name_file_line_field(
    sqlite_store: Store, tmp_path: Path, case: str, old: str, new: str, field: str, message: str
) -> None:
    store = sqlite_store
    data = yaml.safe_load(_mutate(old, new))
    text = json.dumps(data, indent=2, ensure_ascii=False)
    path = tmp_path / "map.json"
    path.write_text(text, encoding="utf-8")
    key, _, value = new.splitlines()[-1].strip().removeprefix("- ").partition(": ")
    if case == "missing name":
        needle = '"id": "buyer"'
    elif case == "duplicate id":
        needle = None  # the second "id": "ceo" is the duplicate
    elif case == "bad role":
        needle = '"janitor"'
    else:
        needle = f'"{key}": ' + json.dumps(yaml.safe_load(value), ensure_ascii=False)
    if needle is None:
        lines = [i for i, t in enumerate(text.splitlines(), 1) if '"id": "ceo"' in t]
        line = lines[1]
    elif case == "missing name":
        line = _line_of(text, needle) - 1  # the item's opening brace
    else:
        line = _line_of(text, needle)
    err = _import_error(store, path)
    assert str(err.problems[0]).startswith(f"{path}, line {line}, field '{field}': {message}")


@pytest.mark.parametrize(
    ("text", "fmt", "expected"),
    [
        ("accounts:\n  - id: a\n    name: [x\n", "yaml", "bad.txt, line 4: malformed YAML: "),
        ("accounts:\n  - id: a\n    name: x\n   bad: 1\n", "yaml", "bad.txt, line 4:"),
        ("accounts:\n  - id: a\n  - id: a\n    id: b\n", "yaml", "duplicate key 'id'"),
        ("accounts: !!python/object:os.system x\n", "yaml", "bad.txt, line 1: malformed YAML:"),
        ('{"accounts": [\n  {"id": "a",}\n]}', "json", "bad.txt, line 2: malformed JSON: "),
        ('{"accounts": [],\n "accounts": []}', "json", "bad.txt, line 2: duplicate key"),
        ("", "yaml", "bad.txt: the file is empty"),
        ("- just\n- a list\n", "yaml", "bad.txt, line 1: must be a mapping of keys to values"),
        ("people: []\n", "yaml", "line 1, field 'people': unknown key 'people' (allowed: "),
        ("[" * 5000 + "]" * 5000, "yaml", f"nested more than {MAX_DEPTH} levels deep"),
        ("[" * 5000 + "]" * 5000, "json", f"nested more than {MAX_DEPTH} levels deep"),
        ("stakeholders:\n  - {id: a, account: b, name: c, notes: 5}\n", "yaml", "must be text"),
    ],
)
def test_malformed_text(text: str, fmt: str, expected: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        parse_account_map(text, "bad.txt", fmt)
    assert expected in str(info.value.problems[0])


def test_notes_never_echoed() -> None:
    secret = "secret " * 2000  # 14,000 characters: over the 10,000 limit
    text = f"stakeholders:\n  - id: a\n    account: b\n    name: c\n    notes: '{secret}'\n"
    with pytest.raises(InvalidInputError) as info:
        parse_account_map(text, "n.yaml")
    assert str(info.value) == (
        "n.yaml, line 5, field 'stakeholders[0].notes': is longer than 10000 characters"
    )


def test_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRAPHKAM_MAX_UPLOAD_BYTES", "100")
    path = tmp_path / "big.yaml"
    path.write_text("accounts: []\n" + "#" * 200 + "\n", encoding="utf-8")
    with pytest.raises(InvalidInputError) as info:
        read_account_map(path)
    assert "is 214 bytes, over the limit of 100 (GRAPHKAM_MAX_UPLOAD_BYTES)" in str(info.value)


def test_example_imports_as_is(store: Store, example_map_path: Path) -> None:
    [summary] = import_files(store, [example_map_path])
    # Counted by hand in examples/account-map.yaml.
    assert summary.counts == {
        "accounts": 2,
        "team": 3,
        "departments": 2,
        "stakeholders": 3,
        "third_parties": 1,
        "relationships": 9,
        "interactions": 1,
    }


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_round_trip_byte_identical(
    store: Store, tmp_path: Path, example_map_path: Path, fmt: str
) -> None:
    import_files(store, [example_map_path])
    first = generate_account_map(store.export_map(), fmt)
    path = tmp_path / f"export.{fmt}"
    path.write_text(first, encoding="utf-8")
    with open_store(f"sqlite:///{tmp_path / 'fresh.db'}") as fresh:
        import_files(fresh, [path])
        second = generate_account_map(fresh.export_map(), fmt)
    assert second == first
    assert "华星钢铁 Huaxing Steel" in first  # not escaped
    assert "Prefers written proposals" in first


def test_yaml_layout(example_map_path: Path) -> None:
    text = generate_account_map(read_account_map(example_map_path))
    assert text.startswith("accounts:\n- id: hx-steel\n  name: 华星钢铁 Huaxing Steel\n  tier: S\n")
    assert "  last_contact: 2026-10-20\n" in text  # ISO date, unquoted
    sections = [line[:-1] for line in text.splitlines() if line and not line[0].isspace()]
    sections = [s for s in sections if not s.startswith("-")]
    assert sections == [
        "accounts",
        "team",
        "departments",
        "stakeholders",
        "third_parties",
        "relationships",
        "interactions",
    ]


def test_include_personal(example_map_path: Path, tmp_path: Path) -> None:
    doc = read_account_map(example_map_path)
    assert "Prefers written proposals" in generate_account_map(doc, "json")
    without = generate_account_map(doc, "json", include_personal=False)
    assert "Prefers written proposals" not in without
    # interaction notes are not personal notes about a stakeholder, so they stay
    assert "MES integration" in without
    write_account_map(doc, tmp_path / "out.yml", include_personal=False)
    assert read_account_map(tmp_path / "out.yml").stakeholders[1].notes is None


def test_dates_stay_text_in_free_text_fields() -> None:
    doc = parse_account_map("accounts:\n  - id: a\n    name: 2026-01-01\n")
    assert doc.accounts[0].name == "2026-01-01"
    assert "name: '2026-01-01'" in generate_account_map(doc)
