"""The project stands on its own: nothing refers outside the repository, the README's tour runs
as written, a built wheel works outside the checkout, and piped output keeps values whole."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkam.cli import app
from tests.conftest import REPO

BIN = Path(sys.executable).parent
#: Patterns of a path outside the repository, split so this file does not match itself.
OUTSIDE = re.compile("\\.\\./" + "shared|" + "shared/" + "formats")


def _tracked_files() -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout
    return [REPO / name for name in out.decode().split("\0") if name]


def test_no_tracked_file_refers_outside_the_repository() -> None:
    offenders = []
    for path in _tracked_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, IsADirectoryError, FileNotFoundError):
            continue
        if OUTSIDE.search(text):
            offenders.append(str(path.relative_to(REPO)))
    assert offenders == [], f"these files refer to a folder beside the repository: {offenders}"


# -- the README tour -----------------------------------------------------------------------


def _tour_lines() -> list[str]:
    """The commands of the README's tour block, comments dropped."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- tour -->", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    lines = [re.sub(r"\s+#\s.*$", "", line).strip() for line in block.splitlines()]
    return [line for line in lines if line]


def _tour_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHKAM_")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["GRAPHKAM_USERS_DB"] = str(tmp / "users.db")
    return env


def _wait_for_server(url: str, proc: subprocess.Popen[bytes], seconds: float = 60) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                return int(answer.status)
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"graphkam serve did not answer {url} in {seconds} s")


def test_readme_tour_runs_as_written_after_the_demo(tmp_path: Path) -> None:
    """Each tour line runs in bash (pipefail), from a folder laid out like the repository's,
    after `make demo`'s own command; `graphkam serve` must answer /healthz."""
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    env = _tour_env(tmp_path)
    demo = [str(BIN / "graphkam"), "demo", "--no-serve", "--store", f"sqlite:///{tmp_path}/demo.db"]
    done = subprocess.run(demo, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"export GRAPHKAM_STORE=sqlite:///{tmp_path}/demo.db" in done.stdout
    lines = _tour_lines()
    assert lines[0] == "source .venv/bin/activate"  # PATH above stands in for it
    exports = "; ".join(line for line in lines if line.startswith("export "))
    commands = [line for line in lines if line.startswith("graphkam ")]
    assert len(commands) >= 20
    for command in commands:
        script = f"set -eo pipefail; {exports}; {command}"
        if command == "graphkam serve":
            _check_serve(f"{exports}; exec {command}", tmp_path, env)
            continue
        run = subprocess.run(
            ["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        assert run.returncode == 0, f"{command}\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}"
    assert not (tmp_path / "graphkam.db").exists()  # every command used the demo's store
    assert (tmp_path / "dl-energy.html").stat().st_size > 10_000


def _check_serve(script: str, cwd: Path, env: dict[str, str]) -> None:
    proc = subprocess.Popen(["bash", "-c", script], cwd=cwd, env=env, stderr=subprocess.PIPE)
    try:
        assert _wait_for_server("http://127.0.0.1:8000/healthz", proc) == 200
    finally:
        proc.terminate()
        proc.communicate(timeout=30)


# -- piped output ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('sample') / 'demo.db'}"
    result = CliRunner().invoke(app, ["demo", "--no-serve", "--store", url])
    assert result.exit_code == 0, result.output
    return url


def test_piped_demo_draws_section_rules_80_columns_wide(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    out = CliRunner().invoke(app, ["demo", "--no-serve", "--store", url]).stdout
    rules = [line for line in out.splitlines() if line.startswith("── ")]
    assert [r.split()[1] for r in rules] == ["pre-visit", "next"]
    assert {len(r) for r in rules} == {80}


def test_piped_show_prints_each_person_on_one_whole_line(sample_store: str) -> None:
    out = CliRunner().invoke(app, ["show", "dl-energy", "--store", sample_store]).stdout
    rows = [line for line in out.splitlines() if "Jiang Yang" in line]
    # dl-gm in the sample: 蒋洋 Jiang Yang, 总经理 General Manager, decision maker.
    assert len(rows) == 1
    row = rows[0]
    assert "蒋洋 Jiang Yang" in row and "总经理 General Manager" in row and "decision_maker" in row
    assert "…" not in out


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_listing_as_csv_or_tsv_parses_back(sample_store: str, fmt: str) -> None:
    out = CliRunner().invoke(app, ["show", "dl-energy", "--store", sample_store, "--format", fmt])
    assert out.exit_code == 0, out.output
    rows = list(csv.reader(io.StringIO(out.stdout), delimiter="," if fmt == "csv" else "\t"))
    assert rows[0][:4] == ["id", "name", "title", "roles"]
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id["dl-gm"][1] == "蒋洋 Jiang Yang"
    assert len(by_id) == 31  # the sample's dl-energy has 31 stakeholders (docs/sample-portfolio.md)


def test_json_keeps_chinese_as_utf8(sample_store: str) -> None:
    out = CliRunner().invoke(app, ["accounts", "--store", sample_store, "--format", "json"])
    assert "东岭能源" in out.stdout and "\\u" not in out.stdout
    assert {a["id"] for a in json.loads(out.stdout)} >= {"dl-energy", "ts-logistics"}


def test_json_and_format_must_agree(sample_store: str) -> None:
    out = CliRunner().invoke(
        app, ["accounts", "--store", sample_store, "--json", "--format", "csv"]
    )
    assert out.exit_code == 1
    assert out.stderr.strip() == "error: invalid input: give --json or --format csv, not both"


def test_a_read_command_never_creates_a_store(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.db"
    out = CliRunner().invoke(app, ["show", "hx-steel", "--store", f"sqlite:///{missing}"])
    assert out.exit_code == 1
    assert f"there is no store at {missing}" in out.stderr
    assert not missing.exists()


def test_version_is_the_packaged_one() -> None:
    meta = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    out = CliRunner().invoke(app, ["--version"])
    assert out.exit_code == 0
    assert out.stdout.strip() == f"graphkam {meta['project']['version']}"


# -- the wheel -------------------------------------------------------------------------------


def test_built_wheel_works_outside_the_checkout(tmp_path: Path) -> None:
    """Build the wheel, install it (no deps) into a fresh venv that borrows this venv's
    third-party packages through a .pth line, and run it from a folder outside the repo."""
    source = tmp_path / "source"  # the tracked files only: no stale build/ of the checkout
    for path in _tracked_files():
        if path.is_file():
            target = source / path.relative_to(REPO)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", str(wheels), str(source)],
        check=True, capture_output=True, cwd=tmp_path,
    )  # fmt: skip
    (wheel,) = wheels.glob("graphkam-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    vpy = venv / "bin" / "python"
    subprocess.run(
        [str(vpy), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    site = subprocess.run(
        [str(vpy), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    # A plain path line: the borrowed folder's own .pth files (our editable hook) are not run.
    Path(site, "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRAPHKAM_", "PYTHON"))}
    probe = (
        "import graphkam, graphkam.stores.cypher_loader as c, visualizations;"
        "print(graphkam.__file__); print(visualizations.__file__);"
        "print(len(c.load_queries().names()))"
    )
    where = subprocess.run(
        [str(vpy), "-c", probe], cwd=work, env=env, capture_output=True, text=True
    )
    assert where.returncode == 0, where.stderr
    engine, pages, statements = where.stdout.split()
    assert engine.startswith(str(venv)) and pages.startswith(str(venv))
    assert int(statements) == len(list((REPO / "graphkam" / "cypher").glob("*.cypher")))
    demo = subprocess.run(
        [str(venv / "bin" / "graphkam"), "demo", "--no-serve", "--store", "sqlite:///w.db"],
        cwd=work, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert demo.returncode == 0, demo.stderr
    assert "ts-logistics" in demo.stdout
    page = subprocess.run(
        [str(venv / "bin" / "graphkam"), "render", "dl-energy", "--store", "sqlite:///w.db",
         "-o", "p.html"],
        cwd=work, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert page.returncode == 0, page.stderr
    assert "vis-network" in (work / "p.html").read_text(encoding="utf-8")
