"""`graphkam render` through Typer's runner: account page, portfolio page, option errors, help."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkam.cli import app
from graphkam.sample import SAMPLE_AS_OF, load_sample
from graphkam.stores import open_store


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'sample.db'}"
    with open_store(url) as st:
        st.import_map(load_sample())
    return url


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_render_account(store_url: str, tmp_path: Path) -> None:
    out = tmp_path / "dl.html"
    code, stdout, stderr = _run(
        "render",
        "dl-energy",
        "-o",
        str(out),
        "--as-of",
        SAMPLE_AS_OF.isoformat(),
        "--store",
        store_url,
    )
    assert code == 0, stderr
    assert stderr.strip() == f"wrote {out}"
    html = out.read_text(encoding="utf-8")
    assert "东岭能源 Dongling Energy" in html and 'id="single-threaded-badge"' in html


def test_render_portfolio_with_account_pages(store_url: str, tmp_path: Path) -> None:
    out = tmp_path / "site" / "portfolio.html"
    code, _, stderr = _run(
        "render",
        "--portfolio",
        "--all-accounts",
        "-o",
        str(out),
        "--as-of",
        SAMPLE_AS_OF.isoformat(),
        "--store",
        store_url,
    )
    assert code == 0, stderr
    html = out.read_text(encoding="utf-8")
    assert 'href="dl-energy.html"' in html
    assert (out.parent / "dl-energy.html").exists()
    assert len(list(out.parent.glob("*.html"))) == 1 + len(load_sample().accounts)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["render", "-o", "x.html"], "give either ACCOUNT or --portfolio (exactly one of them)"),
        (
            ["render", "a", "--portfolio", "-o", "x.html"],
            "give either ACCOUNT or --portfolio (exactly one of them)",
        ),
        (["render", "a"], "-o/--output: name the HTML file to write"),
        (
            ["render", "a", "--all-accounts", "-o", "x.html"],
            "--all-accounts only goes with --portfolio",
        ),
        (["render", "nope", "-o", "x.html"], "no account with id 'nope'"),
        (["render", "a", "--as-of", "soon", "-o", "x.html"], "'soon' is not a date"),
    ],
)
def test_render_errors(store_url: str, args: list[str], message: str) -> None:
    code, stdout, stderr = _run(*args, "--store", store_url)
    assert code == 1
    assert message in stderr and stderr.startswith("error: ") and stdout == ""
    assert "Traceback" not in stderr


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_render_help(flag: str) -> None:
    code, stdout, _ = _run("render", flag)
    assert code == 0 and "--portfolio" in stdout and "self-contained HTML" in stdout
