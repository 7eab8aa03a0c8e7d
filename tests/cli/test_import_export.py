"""`graphkam import` and `graphkam export` through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from graphkam.cli import app
from graphkam.io import generate_account_map, parse_account_map, read_account_map

runner = CliRunner()


def _one_line(text: str) -> str:
    """stderr with the console's soft line wrapping undone (see the report on common.py)."""
    return " ".join(text.split())


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_import_then_export_yaml_stdout(db: str, example_map_path: Path) -> None:
    result = runner.invoke(app, ["import", str(example_map_path), "--store", db])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"reading {example_map_path}\n"
    lines = result.stdout.splitlines()
    assert lines[0] == f"{example_map_path}:"
    assert "  created account 华星钢铁 Huaxing Steel (hx-steel)" in lines
    assert "  created relationship Li Na reports_to 王建国 Wang Jianguo" in lines
    # the example holds accounts 2, team 3, departments 2, stakeholders 3, third parties 1,
    # relationships 9, interactions 1: 21 items
    assert lines[-1] == "imported 1 file(s): 21 created, 0 changed, 0 unchanged"
    again = runner.invoke(app, ["import", str(example_map_path), "--store", db])
    assert again.stdout.splitlines()[-1] == (
        "imported 1 file(s): 0 created, 0 changed, 21 unchanged — nothing changed"
    )
    out = runner.invoke(app, ["export", "--store", db])
    assert out.exit_code == 0
    assert out.stderr == ""
    exported, example = parse_account_map(out.stdout), read_account_map(example_map_path)
    assert sorted(n.id for n in exported.nodes()) == sorted(n.id for n in example.nodes())
    assert exported.row_count() == example.row_count() == 21


def test_import_json_summary(db: str, example_map_path: Path) -> None:
    result = runner.invoke(app, ["import", str(example_map_path), "--store", db, "--json"])
    assert result.exit_code == 0
    [summary] = json.loads(result.stdout)
    assert summary["source"] == str(example_map_path)
    assert summary["counts"]["relationships"] == 9


def test_bad_input_exits_1_with_one_line(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "accounts:\n  - id: a\n    name: A\nstakeholders:\n  - id: s\n    account: a\n"
        "    name: S\n    influence: 1.5\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["import", str(bad), "--store", db])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert _one_line(result.stderr) == (
        f"reading {bad} error: invalid input: {bad}, line 8, "
        "field 'stakeholders[0].influence': 1.5 is above the maximum 1"
    )
    assert "Traceback" not in result.output
    # nothing was written
    out = runner.invoke(app, ["export", "--format", "json", "--store", db])
    assert json.loads(out.stdout) == {}


def test_export_json_and_file(db: str, example_map_path: Path, tmp_path: Path) -> None:
    runner.invoke(app, ["import", str(example_map_path), "--store", db])
    out = runner.invoke(app, ["export", "--format", "json", "--store", db])
    assert out.exit_code == 0
    doc = json.loads(out.stdout)
    assert doc["accounts"][1]["name"] == "华星钢铁 Huaxing Steel"  # sorted by id: hx-group first
    target = tmp_path / "out.json"
    res = runner.invoke(app, ["export", "-f", "json", "-o", str(target), "--store", db])
    assert res.exit_code == 0
    assert res.stdout == ""
    assert target.read_text(encoding="utf-8") == out.stdout
    assert res.stderr == f"wrote {target} (21 rows)\n"


def test_export_no_personal(db: str, example_map_path: Path) -> None:
    runner.invoke(app, ["import", str(example_map_path), "--store", db])
    out = runner.invoke(app, ["export", "--no-personal", "--store", db])
    assert "Prefers written proposals" not in out.stdout
    assert generate_account_map(read_account_map(example_map_path)) != out.stdout


def test_export_graphml_and_csv(db: str, example_map_path: Path, tmp_path: Path) -> None:
    runner.invoke(app, ["import", str(example_map_path), "--store", db])
    target = tmp_path / "map.graphml"
    res = runner.invoke(app, ["export", "--format", "graphml", "-o", str(target), "--store", db])
    assert res.exit_code == 0
    assert nx.read_graphml(target).number_of_nodes() == 11
    csv_dir = str(tmp_path / "csv")
    res = runner.invoke(app, ["export", "--format", "csv", "-o", csv_dir, "--store", db])
    assert res.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == [
        "relationships.csv",
        "stakeholders.csv",
    ]


def test_export_csv_needs_output(db: str) -> None:
    res = runner.invoke(app, ["export", "--format", "csv", "--store", db])
    assert res.exit_code == 1
    assert res.stderr == (
        "error: invalid input: --format csv needs -o DIR (a folder) or -o FILE.zip\n"
    )


def test_export_bad_format(db: str) -> None:
    res = runner.invoke(app, ["export", "--format", "pdf", "--store", db])
    assert res.exit_code == 2
    assert "'pdf' is not one of" in _one_line(res.stderr)


@pytest.mark.parametrize(
    ("command", "phrase"),
    [("import", "on any error nothing is written"), ("export", "--no-personal")],
)
def test_help(command: str, phrase: str) -> None:
    for flag in ("-h", "--help"):
        res = runner.invoke(app, [command, flag])
        assert res.exit_code == 0
        assert "--store" in res.stdout
        assert phrase in _one_line(res.stdout)


def test_export_csv_unwritable(db: str, tmp_path: Path, example_map_path: Path) -> None:
    assert runner.invoke(app, ["import", str(example_map_path), "--store", db]).exit_code == 0
    target = tmp_path / "missing" / "out.zip"
    res = runner.invoke(app, ["export", "--format", "csv", "-o", str(target), "--store", db])
    assert res.exit_code == 1
    assert _one_line(res.stderr) == (
        f"error: invalid input: {target}: cannot write: No such file or directory"
    )
