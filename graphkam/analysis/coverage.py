"""Decision-chain coverage, role by role: who holds each role and how well our team reaches them."""

from __future__ import annotations

from pydantic import BaseModel

from graphkam.analysis.config import ContactStatus, CoverageStatus
from graphkam.analysis.projection import Projection
from graphkam.model import DecisionRole, Stance

__all__ = ["RoleHolder", "RoleCoverage", "analyze_coverage"]


class RoleHolder(BaseModel):
    """An active stakeholder holding a role, with our best tie to them."""

    id: str
    name: str
    stance: Stance
    best_strength: float | None
    best_member: str | None
    contact: ContactStatus


class RoleCoverage(BaseModel):
    """One decision role: its holders, our best effective strength to any of them, its status.

    `contact` is our reach regardless of stance (None when the role is missing); `status` is
    the first of missing, unknown_stance, then `contact`.
    """

    role: DecisionRole
    stakeholders: list[RoleHolder]
    best_strength: float | None
    contact: ContactStatus | None
    status: CoverageStatus


def analyze_coverage(proj: Projection) -> list[RoleCoverage]:
    """Coverage of the seven decision roles, in the order of `DecisionRole`."""
    digits = proj.config.decimals
    result = []
    for role in DecisionRole:
        holders = []
        for sid in proj.holders[role]:
            ties = proj.ties.get(sid, [])
            best = ties[0] if ties else None
            holders.append(
                RoleHolder(
                    id=sid,
                    name=proj.active[sid].name,
                    stance=proj.active[sid].stance,
                    best_strength=None if best is None else round(best.effective, digits) + 0.0,
                    best_member=None if best is None else best.member,
                    contact=proj.contact_status(sid),
                )
            )
        if not holders:
            result.append(
                RoleCoverage(
                    role=role,
                    stakeholders=[],
                    best_strength=None,
                    contact=None,
                    status=CoverageStatus.MISSING,
                )
            )
            continue
        contact = max((h.contact for h in holders), key=lambda c: c.rank)
        strengths = [h.best_strength for h in holders if h.best_strength is not None]
        if any(h.stance == Stance.UNKNOWN for h in holders):
            status = CoverageStatus.UNKNOWN_STANCE
        else:
            status = CoverageStatus(contact.value)
        result.append(
            RoleCoverage(
                role=role,
                stakeholders=holders,
                best_strength=max(strengths) if strengths else None,
                contact=contact,
                status=status,
            )
        )
    return result
