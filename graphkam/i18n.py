"""The message catalogue of graphkam's pages and text output, in English and Chinese.

One home for every label, legend and message the pages, the brief and the CLI's text output
show: `MESSAGES[key] = (english, chinese)`. Enum values get keys `<family>.<value>` (for
example `stance.champion`, `rel.reports_to`), built from the enums so none is forgotten.
Names and other stored text are never translated: they are shown as stored.
"""

from __future__ import annotations

import re
from enum import StrEnum

__all__ = ["Lang", "MESSAGES", "t", "catalogue", "negotiate", "enum_key"]


class Lang(StrEnum):
    """A language of the user interface."""

    EN = "en"
    ZH = "zh"


#: key → (English, Chinese). `{name}` placeholders are filled by `t(key, lang, name=...)`.
MESSAGES: dict[str, tuple[str, str]] = {
    # -- enums: stance, decision roles, relationship types, layers, kinds -----------------
    "stance.champion": ("champion (+2)", "拥护者 (+2)"),
    "stance.supporter": ("supporter (+1)", "支持者 (+1)"),
    "stance.neutral": ("neutral (0)", "中立 (0)"),
    "stance.skeptic": ("skeptic (−1)", "怀疑 (−1)"),
    "stance.opponent": ("opponent (−2)", "反对 (−2)"),
    "stance.unknown": ("unknown (not assessed)", "未知（未评估）"),
    "role.decision_maker": ("decision maker", "高层决策者"),
    "role.economic_buyer": ("economic buyer", "财务管控"),
    "role.technical_buyer": ("technical buyer", "技术部门"),
    "role.user_buyer": ("user buyer", "使用部门"),
    "role.procurement": ("procurement", "采购"),
    "role.influencer": ("influencer", "影响者"),
    "role.gatekeeper": ("gatekeeper", "把关者"),
    "rel.reports_to": ("reports to", "汇报给"),
    "rel.influences": ("influences", "影响"),
    "rel.allied_with": ("allied with", "结盟"),
    "rel.rivals_with": ("rivals with", "竞争对立"),
    "rel.relates_to": ("our relationship", "我方关系"),
    "rel.on_team": ("on team", "在团队中"),
    "rel.knows": ("knows", "认识"),
    "rel.partners_with": ("partners with", "合作伙伴"),
    "rel.subsidiary_of": ("subsidiary of", "子公司"),
    "rel.competitor_relates_to": ("competitor relates to", "竞争对手关系"),
    "rel.in_department": ("in department", "所属部门"),
    "layer.key": ("key (our people ↔ decision chain)", "关键层（我方 ↔ 决策链）"),
    "layer.general": ("general (our people ↔ others)", "普通层（我方 ↔ 其他人）"),
    "layer.organizational": (
        "organizational (org chart, outside ties)",
        "组织层（组织架构、外部关系）",
    ),
    "kind.team_member": ("our people", "我方人员"),
    "kind.stakeholder": ("stakeholder", "客户联系人"),
    "kind.department": ("department", "部门"),
    "kind.third_party": ("third party", "第三方"),
    "kind.competitor": ("competitor", "竞争对手"),
    "kind.account": ("account", "客户"),
    "status.missing": ("missing", "缺失"),
    "status.unknown_stance": ("stance unknown", "态度未知"),
    "status.uncovered": ("uncovered", "未覆盖"),
    "status.weak": ("weak", "薄弱"),
    "status.stale": ("stale", "过期"),
    "status.covered": ("covered", "已覆盖"),
    "person.active": ("active", "在职"),
    "person.left": ("left", "已离职"),
    "severity.high": ("high", "高"),
    "severity.medium": ("medium", "中"),
    "severity.low": ("low", "低"),
    "side.ours": ("ours", "我方"),
    "side.theirs": ("theirs", "客户方"),
    "side.third_party": ("third party", "第三方"),
    "purpose.signing": ("signing", "签约"),
    "purpose.relationship": ("relationship", "关系维护"),
    "purpose.progress": ("progress", "进展推动"),
    "purpose.solution": ("solution", "方案交流"),
    "purpose.research": ("research", "调研"),
    "team_role.account_manager": ("account manager", "客户经理"),
    "team_role.solution_manager": ("solution manager", "方案经理"),
    "team_role.delivery_manager": ("delivery manager", "交付经理"),
    "team_role.executive_sponsor": ("executive sponsor", "高管支持人"),
    "team_role.customer_success": ("customer success", "客户成功"),
    "action.build": ("build", "建立关系"),
    "action.strengthen": ("strengthen", "加强关系"),
    "action.add_thread": ("add a thread", "增加第二条线"),
    "gap.role_missing": ("no known {subject}", "没有已知的{subject}"),
    "gap.stance_unknown": ("stance of {subject} is unknown", "{subject}的态度未知"),
    "gap.role_uncovered": ("nobody of ours reaches the {subject}", "我方无人接触{subject}"),
    "gap.weak_coverage": ("our ties to {subject} are weak", "我方与{subject}的关系薄弱"),
    "gap.stale_relationship": ("our tie to {subject} is stale", "我方与{subject}的关系已过期"),
    "gap.single_threaded": (
        "{subject} is reached through one thread only",
        "只有一条线接触{subject}",
    ),
    "gap.opponent_uncovered": (
        "influential opponent {subject} is not reached",
        "有影响力的反对者{subject}无人接触",
    ),
    "gap.no_executive_relationship": (
        "no executive relationship with {subject}",
        "与{subject}没有高层关系",
    ),
    "gap.iron_triangle_incomplete": ("the iron triangle lacks a {subject}", "铁三角缺少{subject}"),
    "gap.champion_left": ("champion {subject} has left", "拥护者{subject}已离职"),
    "gap.department_whitespace": (
        "nobody known in department {subject}",
        "部门{subject}无已知联系人",
    ),
    "gap.competitor_owned_decision_maker": ("a competitor owns {subject}", "竞争对手掌握{subject}"),
    # -- page chrome --------------------------------------------------------------------
    "ui.tier": ("Tier {tier}", "{tier} 级"),
    "ui.single_threaded": ("single-threaded", "单线联系"),
    "ui.as_of": ("as of", "截至"),
    "ui.net_support": ("net support", "净支持度"),
    "ui.n_stakeholders": ("stakeholders", "位客户联系人"),
    "ui.n_team": ("of our people", "位我方人员"),
    "ui.notes_hidden": ("personal notes hidden", "个人备注已隐藏"),
    "ui.language": ("Language", "语言"),
    "ui.controls": ("controls", "控制面板"),
    "ui.layout": ("Layout", "布局"),
    "ui.force": ("force", "力导向"),
    "ui.org_chart": ("org chart", "组织架构"),
    "ui.focus": ("View", "视图"),
    "ui.focus_all": ("everyone", "全部"),
    "ui.focus_chain": ("decision chain focus", "聚焦决策链"),
    "ui.cluster": ("group by department", "按部门分组"),
    "ui.search": ("Search", "搜索"),
    "ui.search_placeholder": ("name / 姓名", "姓名 / name"),
    "ui.matches": ("{n} matches", "{n} 个匹配"),
    "ui.layers": ("Layers", "关系层"),
    "ui.rel_types": ("Relationship types", "关系类型"),
    "ui.filter_people": ("Filter people", "筛选人员"),
    "ui.role": ("role", "角色"),
    "ui.any_role": ("any role", "任意角色"),
    "ui.any_decision_role": ("any decision role", "任意决策角色"),
    "ui.stance": ("stance", "态度"),
    "ui.any_stance": ("any stance", "任意态度"),
    "ui.legend": ("Legend", "图例"),
    "ui.legend_stance": ("stance (colour)", "态度（颜色）"),
    "ui.legend_kind": ("kind (shape)", "类型（形状）"),
    "ui.legend_size": ("size and width", "大小与粗细"),
    "ui.legend_node_size": ("node size: influence on the decision", "节点大小：对决策的影响力"),
    "ui.legend_edge_width": (
        "edge width: effective strength (decayed since last contact)",
        "连线粗细：有效关系强度（随上次联系时间衰减）",
    ),
    "ui.legend_marks": ("marks", "标记"),
    "ui.mark_spof": ("⚠ single point of failure", "⚠ 单点故障"),
    "ui.mark_uncovered": ("⚠ holds a decision role we do not reach", "⚠ 担任决策角色但我方未接触"),
    "ui.mark_opponent": (
        "⚠ influential opponent nobody of ours knows",
        "⚠ 我方无人认识的有影响力的反对者",
    ),
    "ui.graph_label": ("relationship graph", "关系图"),
    "ui.overlay": ("analysis overlay", "分析结果"),
    "ui.spof": ("Single points of failure", "单点故障"),
    "ui.spof_none": (
        "none: every decision maker is reached through at least two independent paths",
        "无：每位决策者都至少有两条独立路径可达",
    ),
    "ui.cuts_off": ("cuts us off from", "一旦离开将切断我方与以下人员的联系："),
    "ui.gaps": ("Gaps", "缺口"),
    "ui.no_gaps": ("no gaps", "没有缺口"),
    "ui.no_analysis": ("no analysis", "无分析"),
    "ui.decision_chain": ("Decision chain", "决策链"),
    "ui.who": ("who", "人员"),
    "ui.status": ("status", "状态"),
    "ui.opponents": ("Influential opponents not reached", "未接触的有影响力的反对者"),
    "ui.none": ("none", "无"),
    "ui.health": ("Health index", "健康指数"),
    "ui.below_peak": ("{pct}% below its peak", "比峰值低 {pct}%"),
    "ui.health_scale": ("scale 0–100", "范围 0–100"),
    "ui.coalitions": ("Coalitions", "派系"),
    "ui.recommendations": ("Recommendations", "建议"),
    "ui.rec_owner": ("by {owner}", "由 {owner} 负责"),
    "ui.rec_intro": ("introduced by {who}", "经 {who} 引荐"),
    "ui.gain": ("gain", "收益"),
    "ui.close": ("close", "关闭"),
    "ui.details": ("details", "详情"),
    "ui.kind": ("kind", "类型"),
    "ui.title": ("title", "职务"),
    "ui.department": ("department", "部门"),
    "ui.roles": ("roles", "决策角色"),
    "ui.influence": ("own influence", "自身影响力"),
    "ui.influence_score": ("influence on decision", "对决策的影响"),
    "ui.connectivity": ("paths from our team", "我方路径数"),
    "ui.prefers_competitor": ("prefers competitor", "倾向竞争对手"),
    "ui.spof_alert": (
        "⚠ Single point of failure: without this person we lose {names}",
        "⚠ 单点故障：失去此人将失去 {names}",
    ),
    "ui.our_rels": ("Our relationships", "我方关系"),
    "ui.rels_at_account": ("Relationships at the account", "在该客户的关系"),
    "ui.nobody_relates": ("nobody on our team relates to this person", "我方团队无人与此人有关系"),
    "ui.other_ties": ("Other ties", "其他关系"),
    "ui.personal_notes": ("Personal notes", "个人备注"),
    "ui.strength": ("strength", "强度"),
    "ui.effective": ("effective", "有效"),
    "ui.weight": ("weight", "权重"),
    "ui.last_contact": ("last contact", "上次联系"),
    "ui.no_contact": ("no contact recorded", "无联系记录"),
    "ui.tooltip_layer": ("layer", "层"),
    "ui.export": ("Export", "导出"),
    "ui.export_png": ("PNG picture", "PNG 图片"),
    "ui.export_svg": ("SVG picture", "SVG 图片"),
    "ui.print_plan": ("Print account plan", "打印客户计划"),
    "ui.plan_title": ("Account plan", "客户计划"),
    # -- editing ------------------------------------------------------------------------
    "edit.edit": ("Edit the map", "编辑关系图"),
    "edit.read_only": ("read only: you may not edit this account", "只读：您无权编辑此客户"),
    "edit.add_person": ("Add a person", "添加人员"),
    "edit.draw": ("Draw a relationship", "绘制关系"),
    "edit.draw_hint": ("drag from one person to another", "从一个人拖到另一个人"),
    "edit.draw_cancel": ("stop drawing", "停止绘制"),
    "edit.add_colleague": ("Put a colleague on the team", "将同事加入团队"),
    "edit.colleague": ("colleague", "同事"),
    "edit.undo": ("Undo the last change", "撤销上一步"),
    "edit.nothing_to_undo": ("nothing to undo", "没有可撤销的操作"),
    "edit.undone": ("undone: {what}", "已撤销：{what}"),
    "edit.name": ("name", "姓名"),
    "edit.save": ("Save", "保存"),
    "edit.cancel": ("Cancel", "取消"),
    "edit.delete": ("Delete", "删除"),
    "edit.delete_person": ("Remove this person", "删除此人"),
    "edit.edit_person": ("Edit this person", "编辑此人"),
    "edit.confirm_delete": (
        "Delete {what}? Press Delete again to confirm.",
        "确定删除 {what}？再按一次“删除”确认。",
    ),
    "edit.suggested_roles": ("suggested from the title", "根据职务建议"),
    "edit.accept": ("accept {role}", "采纳 {role}"),
    "edit.rel_type": ("type", "类型"),
    "edit.rel_from": ("from", "从"),
    "edit.rel_to": ("to", "到"),
    "edit.edit_rel": ("Edit this relationship", "编辑此关系"),
    "edit.log_visit": ("Log a visit", "记录拜访"),
    "edit.visit_by": ("our people present", "我方参与人员"),
    "edit.visit_with": ("their people met", "客户方参与人员"),
    "edit.purpose": ("purpose", "目的"),
    "edit.date": ("date", "日期"),
    "edit.notes": ("notes", "备注"),
    "edit.stance_change": ("new stance of {name}", "{name}的新态度"),
    "edit.no_change": ("no change", "不变"),
    "edit.saved": ("saved: {what}", "已保存：{what}"),
    "edit.working": ("saving…", "正在保存…"),
    "edit.conflict": (
        "Someone else changed {what} meanwhile. Your change was not saved.",
        "其他人同时修改了{what}，您的修改未保存。",
    ),
    "edit.conflict_fields": ("changed by them: {fields}", "对方修改了：{fields}"),
    "edit.reload": ("Reload the page", "重新加载页面"),
    "edit.error": ("Could not save: {message}", "保存失败：{message}"),
    "edit.required": ("required", "必填"),
    "edit.pick_type": ("Choose the relationship's type", "选择关系类型"),
    "edit.pick_two": ("choose two different people", "请选择两个不同的人"),
    "edit.what_person": ("person {name}", "人员 {name}"),
    "edit.what_rel": ("relationship {a} → {b}", "关系 {a} → {b}"),
    "edit.what_visit": ("visit to {names}", "对 {names} 的拜访"),
    "edit.what_team": ("{name} on the team", "{name} 加入团队"),
    # -- the pre-visit brief ------------------------------------------------------------
    "brief.title": ("Visit brief: {name} ({account})", "拜访简报：{name}（{account}）"),
    "brief.summary": (
        "Tier {tier} · health {health} · net support {support} · "
        "purpose: {purpose} · as of {as_of}",
        "{tier} 级 · 健康度 {health} · 净支持度 {support} · 目的：{purpose} · 截至 {as_of}",
    ),
    "brief.goal": ("Goal", "目标"),
    "brief.also": ("also", "另外"),
    "brief.nobody": ("nobody", "无人"),
    "brief.our_best": ("our best", "我方最强"),
    "brief.people": ("People to meet", "拜访对象"),
    "brief.competitors": ("Competitors", "竞争对手"),
    "brief.uses": ("uses {product} ({competitor})", "使用 {product}（{competitor}）"),
    "brief.owns": (
        "{competitor} owns {name} ({strength}; ours {ours})",
        "{competitor} 掌握 {name}（{strength}；我方 {ours}）",
    ),
    "brief.support_pull": (
        "net support {without} without the competitors' pull, {with_} with it",
        "不计竞争对手影响时净支持度 {without}，计入后 {with_}",
    ),
    "brief.open_gaps": ("Open gaps", "待补缺口"),
    "brief.no_role": ("no decision role", "无决策角色"),
    "brief.no_title": ("no title", "无职务"),
    "brief.person": ("stance {stance}; influence {influence}", "态度 {stance}；影响力 {influence}"),
    "brief.reports_to": ("reports to {names}", "汇报给 {names}"),
    "brief.coalition": ("coalition {n}", "派系 {n}"),
    "brief.tie": (
        "our tie: {member} {strength} (last contact {date})",
        "我方关系：{member} {strength}（上次联系 {date}）",
    ),
    "brief.no_tie": ("no direct tie", "无直接关系"),
    "brief.introducer": ("introducer: {name}", "引荐人：{name}"),
    "brief.path": ("path: {path}", "路径：{path}"),
    "brief.visit": ("visit {date} ({purpose})", "拜访 {date}（{purpose}）"),
    "brief.competitor_tie": ("competitor tie: {tie}", "竞争对手关系：{tie}"),
    "brief.preference": ("stated preference: {pref}", "明确倾向：{pref}"),
    "brief.notes": ("notes: {notes}", "备注：{notes}"),
    "brief.na": ("n/a", "无"),
}


def t(key: str, lang: Lang | str = Lang.EN, /, **values: object) -> str:
    """The message `key` in `lang`, its `{placeholders}` filled from `values`.

    An unknown key raises KeyError (a typo must fail a test, not show a raw key to a user).
    """
    en, zh = MESSAGES[key]
    text = zh if Lang(lang) is Lang.ZH else en
    return text.format(**values) if values else text


def enum_key(family: str, value: StrEnum | str) -> str:
    """The catalogue key of an enum value: `enum_key("stance", Stance.CHAMPION)` is
    "stance.champion"."""
    return f"{family}.{value.value if isinstance(value, StrEnum) else value}"


def catalogue(lang: Lang | str) -> dict[str, str]:
    """Every message in `lang` (the pages embed both, for the language switch)."""
    index = 1 if Lang(lang) is Lang.ZH else 0
    return {key: pair[index] for key, pair in MESSAGES.items()}


_TAG = re.compile(r"^\s*([A-Za-z]{1,8})(?:[-_][A-Za-z0-9]{1,8})*\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$")


def negotiate(accept_language: str | None, default: Lang = Lang.EN) -> Lang:
    """The best of our languages for an `Accept-Language` header (RFC 9110 §12.5.4 q-values).

    `zh-CN;q=0.9, en;q=0.8` gives zh; an empty, malformed or foreign-only header gives `default`.
    """
    best: tuple[float, int, Lang] | None = None
    for position, part in enumerate((accept_language or "").split(",")):
        match = _TAG.match(part)
        if not match:
            continue
        try:
            q = float(match.group(2)) if match.group(2) else 1.0
        except ValueError:
            continue
        primary = match.group(1).lower()
        if primary not in {lang.value for lang in Lang} or q <= 0:
            continue
        candidate = (q, -position, Lang(primary))
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    return best[2] if best else default
