"""Activity capture over HTTP: upload a calendar export or mail, review and accept proposals.

Uploads are multipart (`file` for a calendar; `files` for an mbox or .eml messages) and obey
the API's body limit (413 beyond it). Only the accounts the user may edit take part: the
people of other accounts are unknown to the capture, so their meetings make no visits and
their domains no proposals. Answers say what was created, updated, removed and proposed.
"""

from __future__ import annotations

import threading
from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, File, Path, Query, Request, UploadFile

from api.deps import AccessDep, StoreDep
from api.errors import problem_responses
from graphkam.capture import (
    CaptureReport,
    CaptureState,
    Proposal,
    accept_proposal,
    capture_calendar,
    capture_mail,
    parse_zone,
    state_path,
)
from graphkam.capture.mail import parse_mail
from graphkam.errors import NotFoundError, PermissionDeniedError
from graphkam.model import Stakeholder

__all__ = ["router"]

router = APIRouter(prefix="/capture", tags=["capture"])
_ERRORS = problem_responses(401, 403, 413, 422, 503)
#: One capture at a time per process: the state file is read, changed and written whole.
_LOCK = threading.Lock()

DryRunQuery = Annotated[
    bool, Query(description="report what would change; write nothing", examples=[True])
]
ProposeQuery = Annotated[
    bool, Query(description="propose unknown people on an account's mail domain", examples=[True])
]
ZoneQuery = Annotated[
    str | None, Query(description="IANA zone for times in UTC", examples=["Asia/Shanghai"])
]


def _state_file(request: Request) -> FilePath:
    return state_path(request.app.state.store_holder.url)


def _writable(access: AccessDep) -> frozenset[str] | None:
    if access.writable is not None and not access.writable:
        raise PermissionDeniedError("you may not edit any account, so you cannot capture")
    return access.writable


@router.post("/calendar", response_model=CaptureReport, responses=_ERRORS)
def create_calendar_capture(
    request: Request,
    store: StoreDep,
    access: AccessDep,
    file: Annotated[UploadFile, File(description="an iCalendar (.ics) export")],
    dry_run: DryRunQuery = False,
    keep_titles: Annotated[
        bool, Query(description="keep titles as the visits' notes", examples=[False])
    ] = False,
    propose: ProposeQuery = False,
    timezone: ZoneQuery = None,
) -> CaptureReport:
    """Meetings of our people with stakeholders of your accounts become visits (like log-visit)."""
    accounts, zone = _writable(access), parse_zone(timezone)
    data = file.file.read()
    with _LOCK:
        return capture_calendar(
            store, data, file.filename or "upload", _state_file(request), zone=zone,
            keep_titles=keep_titles, propose=propose, dry_run=dry_run, accounts=accounts,
        )  # fmt: skip


@router.post("/mail", response_model=CaptureReport, responses=_ERRORS)
def create_mail_capture(
    request: Request,
    store: StoreDep,
    access: AccessDep,
    files: Annotated[list[UploadFile], File(description="an mbox file, or .eml messages")],
    dry_run: DryRunQuery = False,
    propose: ProposeQuery = False,
    timezone: ZoneQuery = None,
) -> CaptureReport:
    """Mail headers: threads are lighter contacts; departures from auto-replies and bounces."""
    accounts, zone = _writable(access), parse_zone(timezone)
    messages = parse_mail([f.file.read() for f in files], zone=zone)
    with _LOCK:
        return capture_mail(
            store, messages, _state_file(request), propose=propose, dry_run=dry_run,
            accounts=accounts,
        )  # fmt: skip


@router.get("/proposals", response_model=list[Proposal], responses=problem_responses(401, 503))
def read_proposals(request: Request, access: AccessDep) -> list[Proposal]:
    """Open proposals of the accounts you may read."""
    state = CaptureState.load(_state_file(request))
    return [p for p in state.proposals if p.status.value == "open" and access.can_read(p.account)]


@router.post(
    "/proposals/{proposal_id}/accept",
    response_model=Stakeholder,
    responses=problem_responses(401, 403, 404, 409, 503),
)
def create_acceptance(
    proposal_id: Annotated[
        str,
        Path(description="a proposal id from GET /capture/proposals", examples=["new-9d531646a0"]),
    ],
    request: Request,
    store: StoreDep,
    access: AccessDep,
) -> Stakeholder:
    """Accept a proposal: the new stakeholder, or the departed one now `left`."""
    with _LOCK:
        where = _state_file(request)
        state = CaptureState.load(where)
        found = state.proposal(proposal_id)
        if found is None or not access.can_read(found.account):
            raise NotFoundError("proposal", proposal_id)
        if not access.can_write(found.account):
            raise PermissionDeniedError(f"you may not edit account '{found.account}'")
        person = accept_proposal(store, state, proposal_id)
        state.save(where)
    return person.model_copy(update={"emails": [], "phone": None, "notes": None})
