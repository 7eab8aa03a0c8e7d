"""Visit logging (每访必记): one transaction, refreshed ties, stance changes, nothing on error."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from graphkam.cli import app
from graphkam.documents import AccountMap
from graphkam.errors import InvalidInputError
from graphkam.model import NodeKind, RecordKind, RelType, Stance
from graphkam.stores import Store, open_store
from graphkam.visits import FIRST_VISIT_STRENGTH, VISIT_STRENGTH_BUMP, log_visit

TODAY = dt.date(2026, 11, 1)


@pytest.fixture
def loaded(store: Store, example_map_path: Path) -> Store:
    store.import_map(AccountMap.model_validate(yaml.safe_load(example_map_path.read_text())))
    return store


def _tie(store: Store, a: str, b: str):  # type: ignore[no-untyped-def]
    ties = store.list_relationships(account="hx-steel", type=RelType.RELATES_TO)
    return next((r for r in ties if (r.from_id, r.to_id) == (a, b)), None)


def test_visit_refreshes_and_creates_ties_and_changes_stance(loaded: Store) -> None:
    # Example: rep-lin -> hx-cio at 0.8, last contact 2026-10-20; no tie rep-lin -> hx-cfo.
    result = log_visit(
        loaded, "hx-steel", ["hx-cio", "hx-cfo"], ["rep-lin"], "signing",
        notes="Budget confirmed", stances={"hx-cfo": Stance.SUPPORTER},
        date=dt.date(2026, 10, 30), today=TODAY,
    )  # fmt: skip
    assert result.ties_refreshed == ["rep-lin->hx-cio"]
    assert result.ties_created == ["rep-lin->hx-cfo"]
    refreshed = _tie(loaded, "rep-lin", "hx-cio")
    assert refreshed.last_contact == dt.date(2026, 10, 30)
    assert refreshed.strength == pytest.approx(0.8 + VISIT_STRENGTH_BUMP)
    created = _tie(loaded, "rep-lin", "hx-cfo")
    assert created.strength == FIRST_VISIT_STRENGTH
    assert loaded.get_node(NodeKind.STAKEHOLDER, "hx-cfo").stance is Stance.SUPPORTER
    visits = loaded.list_records(RecordKind.INTERACTION, "hx-steel")
    assert result.interaction in visits
    assert result.stance_changes == {"hx-cfo": (Stance.SKEPTIC, Stance.SUPPORTER)}


def test_older_visit_does_not_move_last_contact_back(loaded: Store) -> None:
    log_visit(loaded, "hx-steel", ["hx-cio"], ["rep-lin"], "progress",
              date=dt.date(2026, 9, 1), today=TODAY)  # fmt: skip
    assert _tie(loaded, "rep-lin", "hx-cio").last_contact == dt.date(2026, 10, 20)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"with_ids": ["hx-cio", "hx-nobody"]}, "'hx-nobody' is not a stakeholder of 'hx-steel'"),
        ({"by_ids": ["hx-cio"]}, "'hx-cio' is not one of our team members"),
        ({"purpose": "party"}, "'party' is not a purpose"),
        ({"date": dt.date(2027, 1, 1)}, "2027-01-01 is in the future"),
        ({"stances": {"hx-zzz": Stance.CHAMPION}}, "'hx-zzz' is not a stakeholder of 'hx-steel'"),
    ],
)
def test_bad_visit_writes_nothing(loaded: Store, kwargs: dict, message: str) -> None:
    before = loaded.export_map()
    args = {"with_ids": ["hx-cio"], "by_ids": ["rep-lin"], "purpose": "solution"} | kwargs
    with pytest.raises(InvalidInputError, match=message):
        log_visit(loaded, "hx-steel", today=TODAY, **args)
    assert loaded.export_map() == before


def test_cli_log_visit_and_error(tmp_path: Path, example_map_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'v.db'}"
    with open_store(url) as st:
        st.import_map(AccountMap.model_validate(yaml.safe_load(example_map_path.read_text())))
    runner = CliRunner()
    # names, parts of names and the Chinese part of a bilingual name, no ids
    ok = runner.invoke(app, ["log-visit", "Huaxing Steel", "--with", "王建国", "--by", "Lin Tao",
                             "--purpose", "relationship", "--date", "2026-11-01",
                             "--stance", "Wang Jianguo=supporter", "--store", url])  # fmt: skip
    assert ok.exit_code == 0, ok.output
    assert "new tie 林涛 Lin Tao -> 王建国 Wang Jianguo" in ok.output
    assert "stance of 王建国 Wang Jianguo: neutral -> supporter" in ok.output
    bad = runner.invoke(app, ["log-visit", "hx-steel", "--with", "hx-ceo,ghost", "--by",
                              "rep-lin", "--purpose", "signing", "--store", url])  # fmt: skip
    assert bad.exit_code == 1
    assert (
        "error: invalid input: field 'with': no stakeholder with id 'ghost' (nor a name like it) "
        "in account 'hx-steel'"
    ) in bad.output
    absent = runner.invoke(app, ["log-visit", "hx-steel", "--with", "Li Na", "--by", "rep-lin",
                                 "--purpose", "progress", "--stance", "Chen Gang=champion",
                                 "--store", url])  # fmt: skip
    assert absent.exit_code == 1
    assert "'Chen Gang' was not at the visit" in absent.output
    with open_store(url) as st:
        assert len(st.list_records(RecordKind.INTERACTION, "hx-steel")) == 2


def test_logged_visit_changes_the_analysis_at_once(loaded: Store) -> None:
    # Before: nobody of ours relates to the economic buyer hx-cfo (only tp-consult knows him).
    # A first visit creates a 0.5 tie, above weak_below (0.4): the role turns "covered";
    # the stance change to supporter shows in net support at once. Stance changes count from
    # when they are recorded (graphkam.analysis.asof), so the analysis runs as of today.
    today = dt.date.today()
    from graphkam.analysis import analyze_account

    def economic(analysis):  # type: ignore[no-untyped-def]
        return next(c for c in analysis.coverage if c.role.value == "economic_buyer")

    before = analyze_account(loaded.account_subgraph("hx-steel"), today)
    assert economic(before).status.value == "uncovered"
    log_visit(loaded, "hx-steel", ["hx-cfo"], ["rep-lin"], "signing",
              stances={"hx-cfo": Stance.SUPPORTER}, date=today)  # fmt: skip
    after = analyze_account(loaded.account_subgraph("hx-steel"), today)
    assert economic(after).status.value == "covered"
    assert economic(after).best_strength == pytest.approx(FIRST_VISIT_STRENGTH)
    assert after.support.index > before.support.index


def test_two_identical_visits_on_one_day_stay_two(loaded: Store) -> None:
    """Same day, people, purpose and no notes: still two visits (ids never derived alike)."""
    args = {"with_ids": ["hx-cio"], "by_ids": ["rep-lin"], "purpose": "progress"}
    day = dt.date(2026, 10, 25)
    first = log_visit(loaded, "hx-steel", date=day, today=TODAY, **args)
    second = log_visit(loaded, "hx-steel", date=day, today=TODAY, **args)
    assert first.interaction.id != second.interaction.id
    on_day = [v for v in loaded.list_records(RecordKind.INTERACTION, "hx-steel") if v.date == day]
    assert len(on_day) == 2


def test_explicit_strength_sets_every_tie_at_the_visit(loaded: Store) -> None:
    log_visit(loaded, "hx-steel", ["hx-cio", "hx-cfo"], ["rep-lin"], "solution",
              date=dt.date(2026, 10, 26), today=TODAY, strength=0.7)  # fmt: skip
    assert _tie(loaded, "rep-lin", "hx-cio").strength == pytest.approx(0.7)  # was 0.8
    assert _tie(loaded, "rep-lin", "hx-cfo").strength == pytest.approx(0.7)  # new
    with pytest.raises(InvalidInputError, match="1.5 is not between 0 and 1"):
        log_visit(loaded, "hx-steel", ["hx-cio"], ["rep-lin"], "solution", today=TODAY,
                  strength=1.5)  # fmt: skip


def test_a_first_visit_threads_for_about_two_months(store: Store) -> None:
    """A single first visit keeps the account threaded for 66 days, not one.

    Hand calculation (docs: strength x 0.5 ** (age / 90), ties under 0.3 do not thread):
    0.5 x 0.5 ** (66 / 90) = 0.3006 (threads), 0.5 x 0.5 ** (67 / 90) = 0.2983 (does not).
    """
    from graphkam.analysis import analyze_account

    doc = {
        "accounts": [{"id": "a", "name": "A", "tier": "A"}],
        "team": [{"id": "rep", "name": "Rep", "team_role": "account_manager", "accounts": ["a"]}],
        "stakeholders": [{"id": "boss", "account": "a", "name": "Boss",
                          "roles": ["decision_maker"]}],
    }  # fmt: skip
    store.import_map(AccountMap.model_validate(doc))
    day = dt.date(2026, 9, 1)
    log_visit(store, "a", ["boss"], ["rep"], "relationship", date=day, today=day)
    sub = store.account_subgraph("a")

    def threads(age: int) -> int:
        analysis = analyze_account(sub, day + dt.timedelta(days=age))
        return analysis.threading.connectivity["boss"]

    assert threads(1) == 1
    assert threads(66) == 1
    assert threads(67) == 0
