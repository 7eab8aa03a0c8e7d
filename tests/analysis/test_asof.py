"""As-of analyses read stance and status from the change history (graphkam.analysis.asof)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from graphkam.analysis.asof import rewind
from graphkam.documents import AccountMap
from graphkam.model import Change, ChangeAction, ChangeSource, Stance
from graphkam.stores import open_store


def _change(when: str, before: dict, after: dict) -> Change:
    return Change(
        id=f"chg-{when}",
        account="hx-steel",
        date=dt.datetime.fromisoformat(when),
        actor="tester",
        source=ChangeSource.CLI,
        action=ChangeAction.UPDATE,
        subject_kind="stakeholder",
        subject_id="hx-cio",
        before=before,
        after=after,
    )


def test_rewind_applies_later_updates_newest_first(tmp_path: Path, example_map_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'a.db'}", audit=False) as st:
        st.import_map(AccountMap.model_validate(yaml.safe_load(example_map_path.read_text())))
        sub = st.account_subgraph("hx-steel")  # hx-cio is a champion today
    # Two recorded updates: supporter -> skeptic on 2026-10-01, skeptic -> champion on 11-01.
    changes = [
        _change("2026-10-01T09:00:00+00:00", {"stance": "supporter"}, {"stance": "skeptic"}),
        _change("2026-11-01T09:00:00+00:00", {"stance": "skeptic"}, {"stance": "champion"}),
    ]
    sub = sub.model_copy(update={"changes": changes})

    def stance(day: str) -> Stance:
        people = rewind(sub, dt.date.fromisoformat(day)).stakeholders
        return next(s.stance for s in people if s.id == "hx-cio")

    assert stance("2026-09-15") is Stance.SUPPORTER
    assert stance("2026-10-15") is Stance.SKEPTIC
    assert stance("2026-11-01") is Stance.CHAMPION  # the change's own day counts as known
    assert rewind(sub, dt.date(2026, 11, 20)) is sub  # nothing later: no copy
