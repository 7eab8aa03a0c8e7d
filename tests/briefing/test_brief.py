"""The pre-visit brief and competitor reach: known answers on the sample and the example."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from graphkam.analysis import AnalysisConfig, influence_shares, net_support, project
from graphkam.analysis.competitors import competitor_reach
from graphkam.briefing import BriefFormat, build_brief, render_brief
from graphkam.cli import app
from graphkam.documents import AccountMap, AccountSubgraph
from graphkam.model import Competitor, Purpose, Relationship, Stance
from graphkam.sample import SAMPLE_AS_OF, load_sample
from graphkam.stores import open_store

AS_OF = dt.date(2026, 11, 1)


@pytest.fixture(scope="module")
def sample_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('brief') / 'sample.db'}"
    with open_store(url) as st:
        st.import_map(load_sample())
    return url


@pytest.fixture
def example(example_map_path: Path) -> AccountSubgraph:
    with open_store("sqlite:///:memory:") as st:
        st.import_map(AccountMap.model_validate(yaml.safe_load(example_map_path.read_text())))
        return st.account_subgraph("hx-steel")


def _reach(sub: AccountSubgraph, as_of: dt.date):  # type: ignore[no-untyped-def]
    proj = project(sub, as_of, AnalysisConfig())
    shares = influence_shares(proj)[1]
    return competitor_reach(proj, shares, net_support(proj, shares).index)


def test_sample_brief_names_competitor_goal_and_introducer(sample_url: str) -> None:
    # sz-data: comp-ruiteng owns the technical buyer sz-cio, whom none of ours relates to;
    # the sample plants 董思远 Dong Siyuan (sz-cio's manager) as our way in.
    with open_store(sample_url) as st:
        sub = st.account_subgraph("sz-data")
    brief = build_brief(sub, SAMPLE_AS_OF, Purpose.SOLUTION)
    cio = next(p for p in brief.people if p.id == "sz-cio")
    assert cio.competitor_ties and cio.competitor_ties[0].endswith("(0.90)")
    assert cio.introducer == "董思远 Dong Siyuan"
    assert "Liang Yutong" in brief.goal and "introduce" in brief.goal
    assert [o.id for o in brief.competitors.owned] == ["sz-cio"]
    assert brief.competitors.support_with < brief.competitors.support_without
    assert any(g.kind.value == "competitor_owned_decision_maker" for g in brief.gaps)


def test_covered_person_is_not_competitor_owned(example: AccountSubgraph) -> None:
    # hx-cio has our good tie (rep-lin 0.8, 12 days before AS_OF: 0.8 * 0.5**(12/90) = 0.73).
    rels = [*example.relationships]
    for target in ("hx-cio", "hx-cfo"):
        rels.append(
            Relationship.model_validate(
                {"type": "competitor_relates_to", "from": "rival", "to": target, "strength": 0.9}
            )
        )
    sub = example.model_copy(
        update={"relationships": rels, "competitors": [Competitor(id="rival", name="Rival")]}
    )
    reach = _reach(sub, AS_OF)
    assert [o.id for o in reach.owned] == ["hx-cfo"]  # hx-cfo: only tp-consult knows him


def test_pull_moves_support_by_formula(example: AccountSubgraph) -> None:
    # Only hx-cfo (skeptic, s = -0.5) is pulled, with p = 0.9 - 0 = 0.9: s' = -0.5 - 0.9*0.5
    # = -0.95, so support_with - support_without = share(hx-cfo) * (-0.45) / sum(chain shares).
    rel = Relationship.model_validate(
        {"type": "competitor_relates_to", "from": "rival", "to": "hx-cfo", "strength": 0.9}
    )
    sub = example.model_copy(
        update={
            "relationships": [*example.relationships, rel],
            "competitors": [Competitor(id="rival", name="Rival")],
        }
    )
    proj = project(sub, AS_OF, AnalysisConfig())
    shares = influence_shares(proj)[1]
    chain_total = sum(shares[s] for s in proj.decision_chain)
    reach = _reach(sub, AS_OF)
    expected = reach.support_without - shares["hx-cfo"] * 0.45 / chain_total
    assert reach.support_with == pytest.approx(expected, abs=2e-6)


def test_notes_only_for_the_account_team(example: AccountSubgraph) -> None:
    note = "Prefers written proposals"
    outsider = render_brief(build_brief(example, AS_OF, Purpose.SOLUTION, ["hx-cio"]))
    insider = render_brief(
        build_brief(example, AS_OF, Purpose.SOLUTION, ["hx-cio"], may_see_notes=True)
    )
    assert note not in outsider
    assert note in insider


def test_unknown_economic_buyer_suggests_budget_goal(example: AccountSubgraph) -> None:
    people = [
        s.model_copy(update={"stance": Stance.UNKNOWN}) if s.id == "hx-cfo" else s
        for s in example.stakeholders
    ]
    sub = example.model_copy(update={"stakeholders": people})
    brief = build_brief(sub, AS_OF, Purpose.SIGNING, ["hx-cfo"])
    assert brief.goal == "confirm the economic buyer's budget and timing with Chen Gang"


def test_default_goal_without_gaps_for_the_people_met(example: AccountSubgraph) -> None:
    brief = build_brief(example, AS_OF, Purpose.PROGRESS, ["hx-cio"])
    assert brief.people[0].id == "hx-cio"
    # hx-cio holds no gap of her own; account-wide gaps (role subjects) may still drive the goal.
    assert brief.goal


def test_cli_brief_html_escapes_names(tmp_path: Path, example_map_path: Path) -> None:
    doc = yaml.safe_load(example_map_path.read_text())
    doc["stakeholders"][0]["name"] = "<img src=x onerror=alert(1)>"
    url = f"sqlite:///{tmp_path / 'x.db'}"
    with open_store(url) as st:
        st.import_map(AccountMap.model_validate(doc))
    result = CliRunner().invoke(
        app, ["brief", "hx-steel", "--format", "html", "--meet", "hx-ceo", "--store", url]
    )
    assert result.exit_code == 0, result.output
    assert "<img src=x" not in result.stdout
    assert "&lt;img src=x onerror=alert(1)&gt;" in result.stdout


def test_brief_formats_render(example: AccountSubgraph) -> None:
    brief = build_brief(example, AS_OF, Purpose.RESEARCH)
    md = render_brief(brief, BriefFormat.MD)
    assert md.startswith("# Visit brief: 华星钢铁 Huaxing Steel (hx-steel)")
    assert "**" not in render_brief(brief, BriefFormat.TEXT)
    assert render_brief(brief, BriefFormat.HTML).startswith("<!doctype html>")
