"""The pre-visit brief as plain text, Markdown or a small self-contained HTML page, in English
or Chinese (labels from graphkam.i18n; names, titles, notes and the goal shown as stored)."""

from __future__ import annotations

import html
from enum import StrEnum

from graphkam.analysis.gaps import Gap
from graphkam.briefing.build import Brief, PersonBrief
from graphkam.i18n import Lang, enum_key, t

__all__ = ["BriefFormat", "render_brief"]


class BriefFormat(StrEnum):
    TEXT = "text"
    MD = "md"
    HTML = "html"


def render_brief(brief: Brief, fmt: BriefFormat = BriefFormat.TEXT, lang: Lang = Lang.EN) -> str:
    """The brief in `fmt` and `lang`; HTML escapes every value (names may hold markup)."""
    md = _markdown(brief, lang)
    if fmt is BriefFormat.MD:
        return md
    if fmt is BriefFormat.TEXT:
        return md.replace("**", "").replace("## ", "").replace("# ", "")
    return _html(md, brief, lang)


def _markdown(b: Brief, lang: Lang) -> str:
    def tr(key: str, **values: object) -> str:
        return t(key, lang, **values)

    def label(family: str, value: StrEnum) -> str:
        return tr(enum_key(family, value))

    health = f"{b.health:.0f}/100" if b.health is not None else tr("brief.na")
    lines = [
        f"# {tr('brief.title', name=b.name, account=b.account)}",
        tr(
            "brief.summary",
            tier=b.tier,
            health=health,
            support=f"{b.support_index:+.2f}",
            purpose=label("purpose", b.purpose),
            as_of=b.as_of,
        ),
        "",
        f"**{tr('brief.goal')}:** {b.goal}",
        *[f"- {tr('brief.also')}: {g}" for g in b.also],
        "",
        f"## {tr('ui.decision_chain')}",
    ]
    for cov in b.decision_chain:
        who = ", ".join(f"{h.name} ({label('stance', h.stance)})" for h in cov.stakeholders)
        best = f"{cov.best_strength:.2f}" if cov.best_strength is not None else "—"
        lines.append(
            f"- {label('role', cov.role)}: {who or tr('brief.nobody')} · "
            f"{tr('brief.our_best')} {best} · {label('status', cov.status)}"
        )
    lines += ["", f"## {tr('brief.people')}"]
    for p in b.people:
        lines += _person(p, lang)
    if b.competitors.owned or b.competitors.products:
        lines += ["", f"## {tr('brief.competitors')}"]
        lines += [
            "- " + tr("brief.uses", product=u.product, competitor=u.competitor_name)
            for u in b.competitors.products
        ]
        lines += [
            "- "
            + tr(
                "brief.owns",
                competitor=o.competitor_name,
                name=o.name,
                strength=f"{o.competitor_strength:.2f}",
                ours=f"{(o.our_best or 0):.2f}",
            )
            for o in b.competitors.owned
        ]
        lines.append(
            "- "
            + tr(
                "brief.support_pull",
                without=f"{b.competitors.support_without:+.2f}",
                with_=f"{b.competitors.support_with:+.2f}",
            )
        )
    names = {p.id: p.name for p in b.people} | {
        h.id: h.name for cov in b.decision_chain for h in cov.stakeholders
    }
    lines += ["", f"## {tr('brief.open_gaps')}"]
    lines += [f"- [{label('severity', g.severity)}] {_gap(g, lang, names)}" for g in b.gaps] or [
        f"- {tr('ui.none')}"
    ]
    return "\n".join(lines) + "\n"


def _gap(g: Gap, lang: Lang, names: dict[str, str]) -> str:
    """The analysis' own message in English; in Chinese the kind's catalogue sentence, its
    subject a role or team-role label, or a person's name."""
    if lang is Lang.EN:
        return f"{g.kind.value}: {g.message}"
    subject = g.subject
    for family in ("role", "team_role"):
        key = f"{family}.{g.subject}"
        try:
            subject = t(key, lang)
            break
        except KeyError:
            continue
    else:
        subject = names.get(g.subject, g.subject)
    return t(enum_key("gap", g.kind), lang, subject=subject)


def _person(p: PersonBrief, lang: Lang) -> list[str]:
    def tr(key: str, **values: object) -> str:
        return t(key, lang, **values)

    roles = ", ".join(tr(enum_key("role", r)) for r in p.roles) or tr("brief.no_role")
    head = (
        f"**{p.name}** — {p.title or tr('brief.no_title')} ({roles}); "
        + tr(
            "brief.person",
            stance=tr(enum_key("stance", p.stance)),
            influence=f"{p.influence:.2f}",
        )
        + ("; " + tr("brief.reports_to", names=", ".join(p.reports_to)) if p.reports_to else "")
        + ("; " + tr("brief.coalition", n=p.coalition + 1) if p.coalition is not None else "")
    )
    out = ["", head]
    for tie in p.ties:
        out.append(
            "- "
            + tr(
                "brief.tie",
                member=tie.member_name,
                strength=f"{tie.effective:.2f}",
                date=tie.last_contact,
            )
        )
    if not p.ties:
        intro = " — " + tr("brief.introducer", name=p.introducer) if p.introducer else ""
        path = " → ".join(p.introduction_path)
        out.append(
            f"- {tr('brief.no_tie')}{intro}" + (f" ({tr('brief.path', path=path)})" if path else "")
        )
    for v in p.last_visits:
        line = tr("brief.visit", date=v.date, purpose=tr(enum_key("purpose", v.purpose)))
        out.append(f"- {line}" + (f": {v.notes}" if v.notes else ""))
    for c in p.competitor_ties:
        out.append("- " + tr("brief.competitor_tie", tie=c))
    if p.competitor_preference:
        out.append("- " + tr("brief.preference", pref=p.competitor_preference))
    if p.notes:
        out.append("- " + tr("brief.notes", notes=p.notes))
    return out


def _html(md: str, b: Brief, lang: Lang) -> str:
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
    title = html.escape(t("brief.title", lang, name=b.name, account=b.account))
    return (
        f"<!doctype html><html lang='{lang.value}'><head><meta charset='utf-8'>"
        f"<title>{title}</title><style>"
        "body{font-family:sans-serif;max-width:50em;margin:2em auto}li{margin:.2em 0}"
        "</style></head><body>" + "\n".join(body) + "</body></html>\n"
    )
