"""Hostile input to every importer (YAML, JSON, CSV): rejected with a clear error, or stored
verbatim and inert; never a traceback, never executed, never losing what is stored.

Each rejected file is checked three ways: the importer raises InvalidInputError naming the file;
`graphkam import` exits 1 with one `error: invalid input` line and no traceback; and the store's
export (history included) is the same before and after.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from graphkam.cli import app
from graphkam.errors import InvalidInputError
from graphkam.io import parse_account_map, read_account_map
from graphkam.io.importer import import_files
from graphkam.model import NodeKind
from graphkam.stores import Store, open_store
from graphkam.stores.audited import unwrap
from tests.conftest import EXAMPLE_MAP

runner = CliRunner()

#: (file name, bytes) that every importer must refuse.
REJECTED: list[tuple[str, bytes]] = [
    ("unclosed.yaml", b"accounts:\n  - id: a\n    name: [unclosed\n"),
    ("tabs.yaml", b"accounts:\n\t- id: a\n"),
    ("mapping-not-list.yaml", b"accounts: {id: a, name: A}\n"),
    ("scalar-doc.yaml", b"just a string\n"),
    ("unknown-section.yaml", b"acounts:\n  - {id: a, name: A}\n"),
    ("bad-type.yaml", b"stakeholders:\n  - {id: x1, account: hx-steel, influence: high}\n"),
    (
        "out-of-range.yaml",
        b"stakeholders:\n  - {id: x1, account: hx-steel, name: Ann, influence: 7}\n",
    ),
    ("dangling.yaml", b"stakeholders:\n  - {id: x1, account: no-such-account, name: Ann}\n"),
    ("python-tag.yaml", b"accounts:\n  - !!python/object/apply:os.system ['touch PWNED']\n"),
    ("deep.yaml", b"accounts: " + b"[" * 5000 + b"]" * 5000 + b"\n"),
    ("deep-block.yaml", b"".join(b"  " * i + b"- \n" for i in range(300)) + b"  " * 300 + b"x\n"),
    (
        "laughs.yaml",
        b"a: &a [x, x, x, x, x, x, x, x, x]\n"
        + b"".join(
            f"{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n".encode()
            for p, n in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + b"accounts: *i\n",
    ),
    ("latin1.yaml", "accounts:\n  - {id: a, name: Café}\n".encode("latin-1")),
    ("nul.yaml", b'accounts:\n  - {id: a, name: "A\x00B"}\n'),
    ("truncated.json", b'{"accounts": [{"id": "a", "name": "A"}'),
    ("trailing-comma.json", b'{"accounts": [{"id": "a", "name": "A"},]}'),
    (
        "nan.json",
        b'{"stakeholders": [{"id": "x", "account": "hx-steel", "name": "N", "influence": NaN}]}',
    ),
    (
        "huge-number.json",
        b'{"stakeholders": [{"id": "x", "account": "hx-steel", "name": "N", "influence": 1e999}]}',
    ),
    ("deep.json", b'{"accounts": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
    ("array.json", b'[{"id": "a"}]'),
    ("dup-key.json", b'{"accounts": [], "accounts": [{"id": "a", "name": "A"}]}'),
    ("no-header.csv", b"\n\n"),
    ("garbage-header.csv", b"foo,bar,baz\n1,2,3\n"),
    ("ragged.csv", b"id,account,name\nx1,hx-steel\n"),
    # UTF-16 is read now (issue 18); one cut off mid-character is not
    ("utf16-truncated.csv", b"\xff\xfei\x00d\x00,"),
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A SQLite store holding the shared example (history included)."""
    with open_store(f"sqlite:///{tmp_path / 'h.db'}") as s:
        s.import_map(read_account_map(EXAMPLE_MAP))
        yield s


def _snapshot(store: Store) -> dict[str, object]:
    """Everything stored, history included."""
    return unwrap(store).export_map().model_dump(mode="json")


@pytest.mark.parametrize(("name", "data"), REJECTED, ids=[n for n, _ in REJECTED])
def test_hostile_file_is_rejected_cleanly(
    name: str, data: bytes, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a `touch PWNED` would land here
    path = tmp_path / name
    path.write_bytes(data)
    before = _snapshot(store)
    started = time.perf_counter()
    with pytest.raises(InvalidInputError) as err:
        import_files(store, [path])
    assert time.perf_counter() - started < 10, "hostile input must fail fast"
    assert name in err.value.message
    assert _snapshot(store) == before
    assert not (tmp_path / "PWNED").exists()

    out = runner.invoke(app, ["import", str(path), "--store", store.url])
    assert out.exit_code == 1, out.output
    assert out.stderr.count("error: invalid input") == 1 and "Traceback" not in out.stderr
    assert _snapshot(store) == before


def test_file_over_the_size_limit_is_refused_before_reading(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRAPHKAM_MAX_UPLOAD_BYTES", "1000")
    before = _snapshot(store)
    for suffix in ("yaml", "json", "csv"):
        path = tmp_path / f"big.{suffix}"
        path.write_bytes(b"#" * 2000 if suffix != "json" else b" " * 2000 + b"{}")
        with pytest.raises(InvalidInputError, match="over the limit of 1,000"):
            import_files(store, [path])
    assert _snapshot(store) == before


#: Strings that must be stored verbatim and do nothing: SQL and Cypher injection, HTML,
#: control and bidi characters, mixed scripts.
INERT = [
    "Robert'); DROP TABLE nodes;--",
    "x' OR '1'='1",
    'a"}) MATCH (n) DETACH DELETE n //',
    "'}) WITH 1 AS x CALL db.labels() YIELD label RETURN label //",
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "{{7*7}} ${7*7} %s %n",
    "Ann\u202eevil\u202c \u200b\ufeff",
    "王建国 Ωμέγα Вера عربي हिन्दी 🙂",
    "tab\there",
    '=HYPERLINK("http://127.0.0.1","x")',
]


@pytest.mark.parametrize("fmt", ["yaml", "json", "csv"])
def test_injection_strings_are_stored_verbatim_and_inert(
    fmt: str, store: Store, tmp_path: Path
) -> None:
    people = [{"id": f"evil-{i}", "account": "hx-steel", "name": n} for i, n in enumerate(INERT)]
    path = tmp_path / f"evil.{fmt}"
    if fmt == "json":
        path.write_text(json.dumps({"stakeholders": people}), encoding="utf-8")
    elif fmt == "yaml":
        path.write_text(
            "stakeholders:\n"
            + "".join(f"  - {json.dumps(p, ensure_ascii=False)}\n" for p in people),
            encoding="utf-8",
        )
    else:  # CSV names the account by its name (it resolves in the store)
        account = store.get_node(NodeKind.ACCOUNT, "hx-steel").name
        rows = ["id,account,name"] + [
            ",".join('"' + v.replace('"', '""') + '"' for v in (p["id"], account, p["name"]))
            for p in people
        ]
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    counts = store.counts()
    import_files(store, [path])
    for person in people:
        assert store.get_node(NodeKind.STAKEHOLDER, person["id"]).name == person["name"].strip()
    assert store.counts()["stakeholders"] == counts["stakeholders"] + len(INERT)
    assert store.counts()["accounts"] == counts["accounts"]  # nothing dropped or deleted
    path_db = store.url.removeprefix("sqlite:///")
    conn = sqlite3.connect(path_db)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()
    assert {"nodes", "relationships", "records"} <= tables


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_fields = st.sampled_from(
    ["id", "account", "name", "title", "roles", "stance", "influence", "status", "notes", "x"]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.dictionaries(_fields, _json_values, max_size=8), st.sampled_from(["yaml", "json"]))
def test_any_stakeholder_shape_imports_or_is_rejected_cleanly(
    store: Store, person: dict[str, object], fmt: str
) -> None:
    """Random field values: either a valid stakeholder, or InvalidInputError and no change."""
    text = json.dumps({"stakeholders": [person]})  # JSON is YAML too
    before = _snapshot(store)
    try:
        doc = parse_account_map(text, f"fuzz.{fmt}", fmt)
        store.import_map(doc, source=f"fuzz.{fmt}")
    except InvalidInputError as exc:
        assert exc.message and "Traceback" not in exc.message
        assert _snapshot(store) == before


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["yaml", "json"]))
def test_any_text_parses_or_is_rejected_cleanly(text: str, fmt: str) -> None:
    """Arbitrary text never raises anything but InvalidInputError."""
    try:
        parse_account_map(text, f"fuzz.{fmt}", fmt)
    except InvalidInputError as exc:
        assert f"fuzz.{fmt}" in exc.message


def test_csv_export_defuses_formulas_and_round_trips(store: Store, tmp_path: Path) -> None:
    """Cells a spreadsheet would run (=, +, -, @) are written behind an apostrophe (OWASP CSV
    injection advice) and read back without it."""
    from graphkam.io import write_csv
    from graphkam.model import Stakeholder

    names = ['=HYPERLINK("http://127.0.0.1","x")', "+1+1", "-2", "@SUM(A1)", "plain"]
    people = [
        Stakeholder(id=f"f{i}", account="hx-steel", name=n, title=n) for i, n in enumerate(names)
    ]
    store.upsert_nodes(people)
    write_csv(store.export_map(), tmp_path / "csv")
    text = (tmp_path / "csv" / "stakeholders.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(" in text and "'+1+1" in text and "'@SUM" in text
    assert ",=" not in text and ",+" not in text and ",@" not in text
    fresh = open_store(f"sqlite:///{tmp_path / 'back.db'}")
    with fresh:
        fresh.import_map(read_account_map(EXAMPLE_MAP))
        import_files(fresh, [tmp_path / "csv" / "stakeholders.csv"])
        for person in people:
            back = fresh.get_node(NodeKind.STAKEHOLDER, person.id)
            assert (back.name, back.title) == (person.name, person.title)


# -- ids as file names ---------------------------------------------------------------------------
#: Ids that must never steer where a file goes (some are refused at import since ids may not
#: hold "/" or control characters; a store written before that rule may still have them).
TRAVERSAL_IDS = ["../../x", "/tmp/x", "..", ".hidden", "CON", "a\\..\\b", "x\ty", "a/../../b"]


def test_render_all_accounts_writes_only_inside_the_chosen_folder(tmp_path: Path) -> None:
    """Accounts with path-like ids (put straight into the store, as an older graphkam could
    have): every page lands in the output folder, one per account, and the portfolio links
    to exactly those files."""
    from graphkam.model import Account

    db = tmp_path / "g.db"
    with open_store(f"sqlite:///{db}") as st:
        unwrap(st).upsert_nodes(
            [Account.model_construct(id=i, name=f"Evil {n}") for n, i in enumerate(TRAVERSAL_IDS)]
        )
    out = tmp_path / "deep" / "site"
    before = {p for p in tmp_path.rglob("*")}
    r = runner.invoke(
        app,
        [
            "render",
            "--portfolio",
            "--all-accounts",
            "-o",
            str(out / "index.html"),
            "--store",
            f"sqlite:///{db}",
            "--as-of",
            "2026-11-15",
        ],
    )
    assert r.exit_code == 0, r.output
    new = {p for p in tmp_path.rglob("*")} - before
    assert all(p == out or out in p.parents for p in new if p not in out.parents), new
    pages = sorted(p.name for p in out.iterdir())
    assert len(pages) == len(TRAVERSAL_IDS) + 1  # one page per account, plus the portfolio
    assert not Path("/tmp/x.html").exists() and not (tmp_path / "x.html").exists()
    assert all(not name.startswith(".") for name in pages)
    index = (out / "index.html").read_text("utf-8")
    links = set(re.findall(r'href="([^"#]+\.html)"', index))
    assert links and links <= set(pages), links - set(pages)  # every link finds its page


@pytest.mark.parametrize("ident", [*TRAVERSAL_IDS, "x\x00y", "", "华星/钢铁"])
def test_safe_filename_stays_one_plain_name(ident: str, tmp_path: Path) -> None:
    from graphkam.filenames import path_inside, safe_filename

    name = safe_filename(ident, ".html")
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert all(c.isalnum() or c in "._-" for c in name)
    assert path_inside(tmp_path, name).parent == tmp_path.resolve()


def test_path_inside_refuses_a_name_that_leaves_the_folder(tmp_path: Path) -> None:
    from graphkam.filenames import path_inside

    for name in ("../x.html", "/tmp/x.html", "..", "a/b.html"):
        with pytest.raises(InvalidInputError):
            path_inside(tmp_path, name)


# -- the bad-input table, from the command line ---------------------------------------------------
@pytest.fixture
def store_file(tmp_path: Path) -> str:
    """The URL of a closed SQLite store holding the shared example."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    with open_store(url) as s:
        s.import_map(read_account_map(EXAMPLE_MAP))
    return url


@pytest.mark.parametrize(
    "command",
    [
        ["analyze", "hx-steel"],
        ["portfolio"],
        ["tier"],
        ["alerts"],
        ["brief", "hx-steel"],
        ["coalitions", "hx-steel"],
    ],
)
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_out_of_range_as_of_is_one_line_naming_the_option(
    store_file: str, command: list[str], day: str
) -> None:
    r = runner.invoke(app, [*command, "--as-of", day, "--store", store_file])
    assert r.exit_code == 1, r.output
    assert r.stderr.strip().splitlines() == [
        f"error: invalid input: --as-of: {day} is out of range; "
        "use a date from 1900-01-01 to 2199-12-31"
    ]


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        (
            "huge.json",
            '{"orders": [{"account": "hx-steel", "date": "2026-01-01", "amount": %s}]}'
            % ("9" * 5000),
            "line 1",
        ),
        ("huge.yaml", "orders:\n  - {account: hx-steel, amount: %s}\n" % ("9" * 5000), "line 2"),
        (
            "inf.json",
            '{"orders": [{"account": "hx-steel", "date": "2026-01-01", "amount": Infinity}]}',
            "field 'orders[0].amount'",
        ),
        (
            "inf.yaml",
            "orders:\n  - {account: hx-steel, date: 2026-01-01, amount: .inf}\n",
            "field 'orders[0].amount'",
        ),
        ("slash.yaml", "accounts:\n  - {id: a/b, name: A}\n", "field 'accounts[0].id'"),
        ("ctrl.json", '{"accounts": [{"id": "a\\u0007b", "name": "A"}]}', "field 'accounts[0].id'"),
    ],
)
def test_unreadable_numbers_and_bad_ids_are_one_line_naming_the_place(
    store_file: str, tmp_path: Path, name: str, text: str, where: str
) -> None:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    before = runner.invoke(app, ["export", "--store", store_file]).stdout
    r = runner.invoke(app, ["import", str(path), "--store", store_file])
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output
    errors = [line for line in r.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and where in errors[0] and name in errors[0], r.stderr
    assert runner.invoke(app, ["export", "--store", store_file]).stdout == before
