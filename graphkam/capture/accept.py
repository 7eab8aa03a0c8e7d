"""Deciding proposals: accepting one writes it to the store (audited), dismissing forgets it.

Accepting a new stakeholder adds a person to the account with the proposed address and name
(id: the account id and the address's local part, made unique), stance `unknown`, no roles.
Accepting a departure sets the stakeholder's `status` to `left` (which the key-person alerts
and the `champion_left` gap then see). A proposal is decided once; a decided new-stakeholder
proposal keeps no address or name.
"""

from __future__ import annotations

import re

from graphkam.capture.apply import capture_source
from graphkam.capture.state import CaptureState, Proposal, ProposalKind, ProposalStatus
from graphkam.errors import ConflictError, NotFoundError
from graphkam.model import NodeKind, Stakeholder, StakeholderStatus
from graphkam.stores.base import Store

__all__ = ["accept_proposal", "dismiss_proposal"]


def accept_proposal(store: Store, state: CaptureState, ident: str) -> Stakeholder:
    """Write proposal `ident` to the store and mark it accepted; the stakeholder written.

    NotFoundError for an unknown proposal, ConflictError for one already decided."""
    proposal = _open(state, ident)
    with capture_source(), store.transaction():
        if proposal.kind is ProposalKind.NEW_STAKEHOLDER:
            person = _new_person(store, proposal)
        else:
            assert proposal.stakeholder is not None
            found = store.get_node(NodeKind.STAKEHOLDER, proposal.stakeholder)
            assert isinstance(found, Stakeholder)
            person = found.model_copy(update={"status": StakeholderStatus.LEFT})
        store.upsert_nodes([person])
    _decide(proposal, ProposalStatus.ACCEPTED)
    proposal.accepted_as = person.id
    return person


def dismiss_proposal(state: CaptureState, ident: str) -> Proposal:
    """Mark proposal `ident` dismissed (it stays dismissed when seen again)."""
    proposal = _open(state, ident)
    _decide(proposal, ProposalStatus.DISMISSED)
    return proposal


def _decide(proposal: Proposal, status: ProposalStatus) -> None:
    """Close a proposal. A new stakeholder's address and name leave the state file (accepted,
    they are in the store, where erasure reaches them); its id, a digest of account and
    address, still recognises them when they are seen again."""
    proposal.status = status
    if proposal.kind is ProposalKind.NEW_STAKEHOLDER:
        proposal.email = proposal.name = None
        proposal.seen, proposal.with_ids = [], []


def _open(state: CaptureState, ident: str) -> Proposal:
    proposal = state.proposal(ident)
    if proposal is None:
        raise NotFoundError("proposal", ident)
    if proposal.status is not ProposalStatus.OPEN:
        raise ConflictError(f"proposal '{ident}' is already {proposal.status.value}")
    return proposal


def _new_person(store: Store, proposal: Proposal) -> Stakeholder:
    assert proposal.email is not None
    store.get_node(NodeKind.ACCOUNT, proposal.account)
    local = re.sub(r"[^a-z0-9]+", "-", proposal.email.partition("@")[0].lower()).strip("-")
    base = f"{proposal.account}-{local or 'person'}"
    taken = store.node_refs({base, *(f"{base}-{i}" for i in range(2, 50))})
    ident = next(i for i in [base, *(f"{base}-{n}" for n in range(2, 50))] if i not in taken)
    return Stakeholder(
        id=ident,
        account=proposal.account,
        name=proposal.name or proposal.email.partition("@")[0],
        emails=[proposal.email],
    )
