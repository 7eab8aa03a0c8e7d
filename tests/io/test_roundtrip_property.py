"""Any valid text survives YAML and JSON writing and reading unchanged (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from graphkam.documents import AccountMap
from graphkam.io import generate_account_map, parse_account_map
from graphkam.model import Account, Stakeholder

# Text the model accepts: no surrounding whitespace (it is stripped), at least one character.
# Includes YAML look-alikes such as 'yes', '1.0', '2026-01-01', 'null', '~', '- x', '# x'.
_TRICKY = st.sampled_from(["yes", "No", "1.0", "2026-01-01", "null", "~", "- x", "# x", "a: b"])
_TEXT = st.one_of(_TRICKY, st.text(min_size=1, max_size=30)).filter(
    lambda s: s == s.strip() and s != ""
)


@settings(max_examples=25, deadline=None)
@given(name=_TEXT, title=_TEXT, notes=_TEXT, influence=st.floats(0, 1))
def test_text_round_trips(name: str, title: str, notes: str, influence: float) -> None:
    doc = AccountMap(
        accounts=[Account(id="a", name=name)],
        stakeholders=[
            Stakeholder(
                id="s", account="a", name=name, title=title, notes=notes, influence=influence
            )
        ],
    )
    for fmt in ("yaml", "json"):
        text = generate_account_map(doc, fmt)
        assert parse_account_map(text, "t", fmt) == doc
