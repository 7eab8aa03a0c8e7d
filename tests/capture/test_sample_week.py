"""Done when: capturing tests/fixtures/capture/sample-week.ics (a DingTalk-style export of
16-20 Nov 2026) into the sample portfolio changes the analysis of ts-logistics and dl-energy
as of the export's last day, 2026-11-20, as the hand calculation below says.

Hand calculation. Effective strength = strength x 0.5 ** (age / 90) (half-life 90 days,
graphkam/analysis/config.py); a visit adds 0.05 to an existing tie and moves its
last_contact (graphkam/visits.py); ages are days to 2026-11-20.

ts-logistics, signing on 17 Nov: am-chen and es-zhou with ts-top and ts-cfo.
- ts-cfo (economic_buyer): before, am-chen 0.77 last 23 Oct (28 days):
  0.77 x 0.5 ** (28/90) = 0.6206; after 0.82, 3 days: 0.82 x 0.5 ** (3/90) = 0.8013.
- ts-top (decision_maker): before, best is am-chen 0.86 on 9 Nov (11 days):
  0.86 x 0.5 ** (11/90) = 0.7901 (es-zhou 0.85 on 10 Oct is weaker: 0.6198); after, am-chen
  0.91, 3 days: 0.91 x 0.5 ** (3/90) = 0.8892.
dl-energy, solution meeting on 20 Nov: am-chen and sm-he with dl-chair and dl-cfo.
- dl-cfo (economic_buyer): before, am-chen 0.74 on 29 Oct (22 days): 0.74 x 0.5 ** (22/90)
  = 0.6247; after 0.79, 0 days: 0.79.
- dl-chair (decision_maker) had no tie: uncovered and single-threaded. After, two new ties
  (am-chen, sm-he) at the first-visit strength, at least the threading cut-off 0.3, age 0:
  two vertex-disjoint paths from our people, so the single_threaded gap goes.
Wang Lei and Li Na (unknown addresses on the two accounts' domains) are proposed, not added;
Yuan Kai's (ts-itdir) auto-reply in sample-week.mbox saying 已离职 proposes his departure.
"""

from __future__ import annotations

import datetime as dt

import pytest

from graphkam.analysis import analyze_account
from graphkam.capture import CaptureState, capture_calendar, capture_mail, read_mail, state_path
from graphkam.model import NodeKind, StakeholderStatus
from graphkam.stores import open_store
from tests.capture.conftest import FIXTURES

LAST_DAY = dt.date(2026, 11, 20)


def _best(url: str, account: str) -> tuple[dict[str, float | None], set[tuple[str, str]]]:
    """Our best effective tie to each decision-chain holder, and the gap set, as of LAST_DAY."""
    with open_store(url) as store:
        result = analyze_account(store.account_subgraph(account), LAST_DAY)
    best = {h.id: h.best_strength for c in result.coverage for h in c.stakeholders}
    return best, {(g.kind.value, g.subject) for g in result.gaps}


def test_sample_week_refreshes_ts_logistics_and_dl_energy(sample_url: str) -> None:
    ts_before, ts_gaps_before = _best(sample_url, "ts-logistics")
    dl_before, dl_gaps_before = _best(sample_url, "dl-energy")
    assert ts_before["ts-cfo"] == pytest.approx(0.6206, abs=1e-4)
    assert ts_before["ts-top"] == pytest.approx(0.7901, abs=1e-4)
    assert dl_before["dl-cfo"] == pytest.approx(0.6247, abs=1e-4)
    assert dl_before["dl-chair"] is None
    assert ("single_threaded", "dl-chair") in dl_gaps_before

    with open_store(sample_url) as store:
        report = capture_calendar(
            store,
            (FIXTURES / "sample-week.ics").read_bytes(),
            "sample-week.ics",
            state_path(sample_url),
            today=LAST_DAY,
            propose=True,
        )
    assert {(v.account, v.date, v.purpose) for v in report.created} == {
        ("ts-logistics", dt.date(2026, 11, 17), "signing"),
        ("dl-energy", LAST_DAY, "solution"),
    }

    ts_after, ts_gaps_after = _best(sample_url, "ts-logistics")
    dl_after, dl_gaps_after = _best(sample_url, "dl-energy")
    assert ts_after["ts-cfo"] == pytest.approx(0.8013, abs=1e-4)
    assert ts_after["ts-top"] == pytest.approx(0.8892, abs=1e-4)
    assert dl_after["dl-cfo"] == pytest.approx(0.79, abs=1e-9)
    assert dl_after["dl-chair"] is not None and dl_after["dl-chair"] >= 0.3
    assert ("single_threaded", "dl-chair") not in dl_gaps_after
    assert ts_gaps_after == ts_gaps_before  # the planted champion_left stays
    untouched = {k for k in ts_before if k not in ("ts-cfo", "ts-top")}
    assert {k: ts_after[k] for k in untouched} == {k: ts_before[k] for k in untouched}

    proposed = {p.email: p.account for p in report.proposals}
    assert proposed == {
        "li.na@tongshun.example": "ts-logistics",
        "wang.lei@dongling.example": "dl-energy",
    }
    with open_store(sample_url) as store:
        emails = {e for n in store.list_nodes(NodeKind.STAKEHOLDER) for e in n.emails}  # type: ignore[union-attr]
        assert not emails & set(proposed)

        mail = capture_mail(
            store,
            read_mail(FIXTURES / "sample-week.mbox"),
            state_path(sample_url),
            today=LAST_DAY,
        )
        departures = [p for p in mail.proposals if p.kind.value == "departure"]
        assert [(p.stakeholder, p.evidence) for p in departures] == [
            ("ts-itdir", ["auto_reply: 已离职"])
        ]
        person = store.get_node(NodeKind.STAKEHOLDER, "ts-itdir")
        assert person.status is StakeholderStatus.ACTIVE  # type: ignore[union-attr]
    assert len(CaptureState.load(state_path(sample_url)).proposals) == 3
