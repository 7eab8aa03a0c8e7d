"""`graphkam capture …` through typer's CliRunner: exit codes, stdout data, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkam.cli import app
from graphkam.model import NodeKind, StakeholderStatus
from graphkam.stores import open_store
from tests.capture.conftest import FIXTURES

runner = CliRunner()
WEEK = str(FIXTURES / "sample-week.ics")


def run(url: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--store", url])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["capture"],
        ["capture", "calendar"],
        ["capture", "mail"],
        ["capture", "proposals"],
        ["capture", "accept"],
        ["capture", "dismiss"],
    ],
)
def test_every_capture_command_has_help(command: list[str]) -> None:
    for flag in ("-h", "--help"):
        result = runner.invoke(app, [*command, flag])
        assert result.exit_code == 0, result.output
        assert "Usage:" in result.stdout


def test_calendar_dry_run_json_writes_nothing(sample_url: str) -> None:
    code, out, err = run(
        sample_url, "capture", "calendar", WEEK, "--dry-run", "--json", "--until", "2026-11-20"
    )
    assert code == 0, err
    doc = json.loads(out)
    assert doc["dry_run"] is True
    assert sorted((v["account"], v["date"]) for v in doc["created"]) == [
        ("dl-energy", "2026-11-20"),
        ("ts-logistics", "2026-11-17"),
    ]
    assert "0 created" not in err and "2 created" in err
    assert not Path(sample_url.removeprefix("sqlite:///") + ".capture.json").exists()
    with open_store(sample_url) as store:
        assert not any(
            r.id.startswith("cal-")
            for r in store.list_records("interaction", "dl-energy")  # type: ignore[arg-type, union-attr]
        )


def test_capture_propose_list_accept_and_refuse_twice(sample_url: str) -> None:
    code, out, _ = run(
        sample_url, "capture", "calendar", WEEK, "--propose", "--until", "2026-11-20"
    )
    assert code == 0
    assert "create meeting" in out and "proposal new-" in out
    code, out, _ = run(
        sample_url, "capture", "calendar", WEEK, "--propose", "--until", "2026-11-20"
    )
    assert code == 0 and "create meeting" not in out  # the second capture changes nothing

    code, out, _ = run(sample_url, "capture", "proposals", "--json")
    proposals = {p["email"]: p for p in json.loads(out)}
    li = proposals["li.na@tongshun.example"]
    assert li["with"] == ["am-chen", "es-zhou", "ts-cfo", "ts-top"]
    code, out, err = run(sample_url, "capture", "accept", li["id"])
    assert code == 0, err
    assert out.split("\t")[:2] == ["ts-logistics-li-na", "ts-logistics"]
    code, out, err = run(sample_url, "capture", "accept", li["id"])
    assert code == 1 and out == ""
    assert err.strip() == f"error: conflict: proposal '{li['id']}' is already accepted"


def test_mail_departure_accepted_sets_status_left(sample_url: str) -> None:
    code, out, err = run(
        sample_url, "capture", "mail", str(FIXTURES / "sample-week.mbox"), "--until", "2026-11-20"
    )
    assert code == 0, err
    line = next(x for x in out.splitlines() if "departure" in x)
    ident = line.split()[1].rstrip(":")
    assert run(sample_url, "capture", "accept", ident)[0] == 0
    with open_store(sample_url) as store:
        person = store.get_node(NodeKind.STAKEHOLDER, "ts-itdir")
        assert person.status is StakeholderStatus.LEFT  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["calendar", str(FIXTURES / "sample-emails.yaml")], "yaml: not an iCalendar file"),
        (["calendar", "/nonexistent/x.ics"], "/nonexistent/x.ics: cannot read the calendar file"),
        (["calendar", WEEK, "--timezone", "Mars/Olympus"], "'Mars/Olympus' is not a time zone"),
        (["calendar", WEEK, "--until", "soon"], "--until: 'soon' is not a date"),
        (["mail", "/nonexistent/box"], "/nonexistent/box: no such mbox file or folder"),
        (["accept", "new-0000000000"], "no proposal with id 'new-0000000000'"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_on_stderr(sample_url: str, args: list[str], message: str) -> None:
    code, out, err = run(sample_url, "capture", *args)
    assert (code, out) == (1, "")
    assert len(err.strip().splitlines()) == 1 and err.startswith("error: ")
    assert message in err


def test_a_store_without_addresses_warns_on_stderr(tmp_path: Path) -> None:
    """The shared example map has no `emails`: nothing can match, and capture says why."""
    url = f"sqlite:///{tmp_path / 'bare.db'}"
    assert (
        runner.invoke(app, ["import", "examples/account-map.yaml", "--store", url]).exit_code == 0
    )
    code, out, err = run(url, "capture", "calendar", WEEK)
    assert (code, out) == (0, "")
    assert "warning: no team member has a mail address" in err
    assert "warning: no stakeholder (of the accounts you may edit) has a mail address" in err
