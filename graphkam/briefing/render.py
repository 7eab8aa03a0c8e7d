"""The pre-visit brief as plain text, Markdown or a small self-contained HTML page."""

from __future__ import annotations

import html
from enum import StrEnum

from graphkam.briefing.build import Brief, PersonBrief

__all__ = ["BriefFormat", "render_brief"]


class BriefFormat(StrEnum):
    TEXT = "text"
    MD = "md"
    HTML = "html"


def render_brief(brief: Brief, fmt: BriefFormat = BriefFormat.TEXT) -> str:
    """The brief in `fmt`; HTML escapes every value (names may hold markup)."""
    md = _markdown(brief)
    if fmt is BriefFormat.MD:
        return md
    if fmt is BriefFormat.TEXT:
        return md.replace("**", "").replace("## ", "").replace("# ", "")
    return _html(md, brief)


def _markdown(b: Brief) -> str:
    health = f"{b.health:.0f}/100" if b.health is not None else "n/a"
    lines = [
        f"# Visit brief: {b.name} ({b.account})",
        f"Tier {b.tier} · health {health} · net support {b.support_index:+.2f} · "
        f"purpose: {b.purpose.value} · as of {b.as_of}",
        "",
        f"**Goal:** {b.goal}",
        *[f"- also: {g}" for g in b.also],
        "",
        "## Decision chain",
    ]
    for cov in b.decision_chain:
        who = ", ".join(f"{h.name} ({h.stance.value})" for h in cov.stakeholders) or "nobody"
        best = f"{cov.best_strength:.2f}" if cov.best_strength is not None else "—"
        lines.append(f"- {cov.role.value}: {who} · our best {best} · {cov.status.value}")
    lines += ["", "## People to meet"]
    for p in b.people:
        lines += _person(p)
    if b.competitors.owned or b.competitors.products:
        lines += ["", "## Competitors"]
        lines += [f"- uses {u.product} ({u.competitor_name})" for u in b.competitors.products]
        lines += [
            f"- {o.competitor_name} owns {o.name} ({o.competitor_strength:.2f}; ours "
            f"{(o.our_best or 0):.2f})"
            for o in b.competitors.owned
        ]
        lines.append(
            f"- net support {b.competitors.support_without:+.2f} without the competitors' "
            f"pull, {b.competitors.support_with:+.2f} with it"
        )
    lines += ["", "## Open gaps"]
    lines += [f"- [{g.severity.value}] {g.kind.value}: {g.message}" for g in b.gaps] or ["- none"]
    return "\n".join(lines) + "\n"


def _person(p: PersonBrief) -> list[str]:
    roles = ", ".join(r.value for r in p.roles) or "no decision role"
    out = [
        "",
        f"**{p.name}** — {p.title or 'no title'} ({roles}); stance {p.stance.value}; "
        f"influence {p.influence:.2f}"
        + (f"; reports to {', '.join(p.reports_to)}" if p.reports_to else "")
        + (f"; coalition {p.coalition + 1}" if p.coalition is not None else ""),
    ]
    for t in p.ties:
        out.append(f"- our tie: {t.member_name} {t.effective:.2f} (last contact {t.last_contact})")
    if not p.ties:
        intro = f" — introducer: {p.introducer}" if p.introducer else ""
        path = " → ".join(p.introduction_path)
        out.append(f"- no direct tie{intro}" + (f" (path: {path})" if path else ""))
    for v in p.last_visits:
        out.append(f"- visit {v.date} ({v.purpose.value})" + (f": {v.notes}" if v.notes else ""))
    for c in p.competitor_ties:
        out.append(f"- competitor tie: {c}")
    if p.competitor_preference:
        out.append(f"- stated preference: {p.competitor_preference}")
    if p.notes:
        out.append(f"- notes: {p.notes}")
    return out


def _html(md: str, b: Brief) -> str:
    body = []
    for line in md.splitlines():
        text = html.escape(line)
        if line.startswith("# "):
            body.append(f"<h1>{text[2:]}</h1>")
        elif line.startswith("## "):
            body.append(f"<h2>{text[3:]}</h2>")
        elif line.startswith("- "):
            body.append(f"<li>{text[2:]}</li>")
        elif line:
            body.append(f"<p>{text.replace('**', '')}</p>")
    title = html.escape(f"Visit brief: {b.name}")
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title><style>"
        "body{font-family:sans-serif;max-width:50em;margin:2em auto}li{margin:.2em 0}"
        "</style></head><body>" + "\n".join(body) + "</body></html>\n"
    )
