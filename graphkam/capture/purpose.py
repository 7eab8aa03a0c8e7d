"""Guessing a visit's purpose from a meeting title, in English and Chinese.

The rule: the title is lower-cased and searched for each purpose's keywords in the order
signing, solution, progress, research, relationship; the first purpose with a keyword in the
title wins. A title with none of them is a `relationship` visit (the default of
`Interaction.purpose`). Every captured visit is marked `purpose_guessed`, whichever rule fired.
"""

from __future__ import annotations

from pydantic import BaseModel

from graphkam.model import Purpose

__all__ = ["PURPOSE_KEYWORDS", "PurposeGuess", "guess_purpose"]

#: Keywords per purpose, tried in this order (a signing meeting often mentions the solution).
PURPOSE_KEYWORDS: dict[Purpose, tuple[str, ...]] = {
    Purpose.SIGNING: (
        "signing", "sign-off", "sign off", "contract", "agreement", "po ", "purchase order",
        "签约", "签署", "签字", "合同", "协议", "采购订单",
    ),
    Purpose.SOLUTION: (
        "solution", "demo", "proposal", "poc", "proof of concept", "workshop", "architecture",
        "presentation", "方案", "演示", "汇报", "交流会", "技术交流", "试点",
    ),
    Purpose.PROGRESS: (
        "progress", "status", "review", "weekly", "sync", "check-in", "steering", "update",
        "kickoff", "kick-off", "进展", "进度", "周会", "例会", "复盘", "推进", "启动会",
    ),
    Purpose.RESEARCH: (
        "research", "discovery", "requirement", "interview", "survey", "site visit",
        "assessment", "调研", "需求", "访谈", "摸底", "考察",
    ),
    Purpose.RELATIONSHIP: (
        "lunch", "dinner", "coffee", "relationship", "intro", "meet", "visit", "catch up",
        "拜访", "午餐", "晚宴", "交流", "茶叙", "走访",
    ),
}  # fmt: skip


class PurposeGuess(BaseModel):
    """A guessed purpose and the keyword that chose it (None: the default, nothing matched)."""

    purpose: Purpose
    keyword: str | None = None


def guess_purpose(title: str | None) -> PurposeGuess:
    """The purpose of a meeting called `title` (see the module rule).

    Examples
    --------
    >>> guess_purpose("Contract signing with Huaxing").purpose.value
    'signing'
    >>> guess_purpose("通顺物流 方案汇报").keyword
    '方案'
    >>> guess_purpose(None).purpose.value
    'relationship'
    """
    text = f" {(title or '').lower()} "
    for purpose, words in PURPOSE_KEYWORDS.items():
        for word in words:
            if word in text:
                return PurposeGuess(purpose=purpose, keyword=word.strip())
    return PurposeGuess(purpose=Purpose.RELATIONSHIP)
