"""The gap-rule registry: one rule per kind, the docs table generated from it, people named."""

from __future__ import annotations

from pathlib import Path

from graphkam.analysis import AnalysisConfig, GapKind, analyze_account
from graphkam.analysis.gaprules import RULES, TABLE_BEGIN, TABLE_END, rules_table
from tests.analysis.conftest import AS_OF, member, person, rel, subgraph, tie

SCORES = Path(__file__).resolve().parents[2] / "docs" / "scores.md"


def test_every_gap_kind_has_exactly_one_rule_with_a_rule_text() -> None:
    assert set(RULES) == set(GapKind)
    for kind, rule in RULES.items():
        assert rule.kind is kind
        assert len(rule.rule) > 40, kind
        assert kind.rule == rule.rule


def test_docs_gap_table_is_generated_from_the_rules() -> None:
    """docs/scores.md holds exactly `python -m graphkam.analysis.gaprules` between the markers."""
    text = SCORES.read_text(encoding="utf-8")
    start, end = text.index(TABLE_BEGIN), text.index(TABLE_END) + len(TABLE_END) + 1
    assert text[start:end] == rules_table()


def test_role_gap_names_the_holders_and_threading_gap_the_cut_vertex() -> None:
    """Two technical buyers nobody of ours knows: role_uncovered names both ids. The decision
    maker is reached only through am - cfo - dm: single_threaded names dm and both cut vertices
    on that one chain (am, cfo)."""
    sg = subgraph(
        stakeholders=[
            person("dm", ["decision_maker"]),
            person("cfo", ["economic_buyer"]),
            person("t1", ["technical_buyer"]),
            person("t2", ["technical_buyer"]),
        ],
        team=[member("am")],
        relationships=[
            tie("am", "cfo", 0.9, 5),
            tie("am", "dm", 0.2, 5),  # too weak to thread (< 0.3)
            rel("reports_to", "cfo", "dm"),
        ],
    )
    gaps = {(g.kind.value, g.subject): g.people for g in analyze_account(sg, AS_OF).gaps}
    assert gaps[("role_uncovered", "technical_buyer")] == ["t1", "t2"]
    assert gaps[("single_threaded", "dm")] == ["dm", "am", "cfo"]


def test_severity_override_still_applies() -> None:
    cfg = AnalysisConfig(severities={GapKind.ROLE_UNCOVERED: "low"})
    assert cfg.severity(GapKind.ROLE_UNCOVERED).value == "low"
    assert AnalysisConfig().severity(GapKind.ROLE_UNCOVERED).value == "high"
