"""Reading mail headers from an mbox file or a folder of .eml files, and departure signals.

What is read of an ordinary message: From, To, Cc (addresses and display names), Date,
Message-ID, and In-Reply-To and References to group messages into threads. Its body is never
parsed. Only machine-written messages are read further, in memory and never kept: an
automatic reply (Auto-Submitted, X-Autoreply, or a subject such as "Automatic reply:" /
"自动回复") has its subject and plain-text part searched for the departure phrases below; a
bounce (multipart/report delivery-status, or from MAILER-DAEMON/postmaster) has its
delivery-status part read for the failed recipients (permanent, 5.x.x). What survives parsing
is addresses, names, a date, ids and, for a signal, the phrase or status that fired.
"""

from __future__ import annotations

import datetime as dt
import email
import email.parser
import email.policy
import email.utils
import hashlib
import mailbox
import re
import tempfile
from collections.abc import Iterator
from email.message import EmailMessage, Message
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from graphkam.errors import InvalidInputError

__all__ = [
    "DEPARTURE_PHRASES",
    "SignalKind",
    "DepartureSignal",
    "MailMessage",
    "read_mail",
    "parse_mail",
    "parse_message",
]

#: Phrases in an automatic reply that say the sender has left (lower-cased substrings).
DEPARTURE_PHRASES: tuple[str, ...] = (
    "no longer with", "no longer work", "no longer employed", "has left the company",
    "have left the company", "left the organisation", "left the organization",
    "已离职", "已经离职", "不再任职", "已调离", "已不在公司",
)  # fmt: skip

_AUTO_SUBJECT = re.compile(
    r"^\s*(automatic reply|auto(matic)?[- ]?reply|auto:|out of (the )?office|自动回复|自動回覆)",
    re.IGNORECASE,
)
_DAEMON = re.compile(r"^(mailer-daemon|postmaster)@", re.IGNORECASE)
_STATUS = re.compile(r"^\s*5\.\d+\.\d+")


class SignalKind(StrEnum):
    """Why a message says someone left: an auto-reply phrase or a permanent bounce."""

    AUTO_REPLY = "auto_reply"
    BOUNCE = "bounce"


class DepartureSignal(BaseModel):
    """An address that a machine-written message says is gone, and the evidence (no text)."""

    email: str
    kind: SignalKind
    evidence: str


class MailMessage(BaseModel):
    """The headers graphkam keeps of one message (plus its signals, for machine mail)."""

    message_id: str
    thread: str
    day: dt.date
    sender: str | None
    recipients: list[str]
    names: dict[str, str] = {}
    automatic: bool = False
    signals: list[DepartureSignal] = []


def read_mail(path: str | Path, *, zone: ZoneInfo | None = None) -> list[MailMessage]:
    """Every message of an mbox file, or of the .eml files in a folder (not recursive), sorted
    by day and id. Messages without a readable Date are skipped. A message's day is its
    Date's own day (the sender's clock), or the day in `zone` when given."""
    where = Path(path)
    out = [m for raw in _raw_messages(where) if (m := parse_message(raw, zone)) is not None]
    return sorted(out, key=lambda m: (m.day, m.message_id))


def parse_mail(blobs: list[bytes], *, zone: ZoneInfo | None = None) -> list[MailMessage]:
    """Every message of uploaded files: an upload starting with 'From ' is an mbox, any other
    one message (.eml). Sorted as `read_mail` sorts."""
    raws: list[bytes] = []
    for blob in blobs:
        if blob.startswith(b"From "):
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "upload.mbox"
                path.write_bytes(blob)
                raws.extend(_raw_messages(path))
        else:
            raws.append(blob)
    out = [m for raw in raws if (m := parse_message(raw, zone)) is not None]
    return sorted(out, key=lambda m: (m.day, m.message_id))


def _raw_messages(where: Path) -> Iterator[bytes]:
    if where.is_dir():
        for file in sorted(where.glob("*.eml")):
            yield file.read_bytes()
        return
    if not where.is_file():
        raise InvalidInputError(f"{where}: no such mbox file or folder of .eml files")
    head = where.read_bytes()[:5]
    if head != b"From ":
        raise InvalidInputError(f"{where}: not an mbox file (it must start with 'From ')")
    box = mailbox.mbox(where, create=False)
    try:
        for key in box.iterkeys():
            yield box.get_bytes(key)
    finally:
        box.close()


def parse_message(raw: bytes, zone: ZoneInfo | None = None) -> MailMessage | None:
    """The kept headers of one raw message; None without a readable Date."""
    headers = email.parser.BytesHeaderParser(policy=email.policy.default).parsebytes(raw)
    when = _date(headers.get("Date"))
    if when is None:
        return None
    sender = _addresses(headers, "From")
    names = _names(headers, "From", "To", "Cc")
    recipients = [a for a in _addresses(headers, "To", "Cc") if a not in sender]
    own = _message_id(headers.get("Message-ID")) or _synthetic_id(headers)
    refs = _ids(headers.get("References")) or _ids(headers.get("In-Reply-To"))
    automatic, signals = False, []
    if _is_bounce(headers, sender):
        automatic, signals = True, _bounce_signals(raw)
    elif _is_auto_reply(headers):
        automatic, signals = True, _auto_reply_signals(raw, sender)
    return MailMessage(
        message_id=own,
        thread=refs[0] if refs else own,
        day=when.astimezone(zone).date() if zone is not None and when.tzinfo else when.date(),
        sender=sender[0] if sender else None,
        recipients=recipients,
        names=names,
        automatic=automatic,
        signals=signals,
    )


def _date(value: object) -> dt.datetime | None:
    if value is None:
        return None
    try:
        return email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None


def _addresses(msg: Message, *names: str) -> list[str]:
    values = [str(v) for n in names for v in (msg.get_all(n) or [])]
    found = [a.strip().lower() for _, a in email.utils.getaddresses(values)]
    return list(dict.fromkeys(a for a in found if "@" in a))


def _names(msg: Message, *headers: str) -> dict[str, str]:
    """Display names by address, as the headers give them (used to name proposals)."""
    values = [str(v) for h in headers for v in (msg.get_all(h) or [])]
    return {
        a.strip().lower(): n.strip()
        for n, a in email.utils.getaddresses(values)
        if "@" in a and n.strip() and n.strip().lower() != a.strip().lower()
    }


def _ids(value: object) -> list[str]:
    return re.findall(r"<[^<>\s]+>", str(value)) if value is not None else []


def _message_id(value: object) -> str | None:
    found = _ids(value)
    return found[0] if found else None


def _synthetic_id(msg: Message) -> str:
    """A stable id for a message without Message-ID: a digest of From, To, Cc and Date."""
    text = "|".join(str(msg.get(h, "")) for h in ("From", "To", "Cc", "Date"))
    return f"<sha1-{hashlib.sha1(text.encode()).hexdigest()[:16]}@graphkam>"


def _is_auto_reply(msg: Message) -> bool:
    auto = str(msg.get("Auto-Submitted", "no")).strip().lower()
    return (
        auto.startswith("auto-replied")
        or msg.get("X-Autoreply") is not None
        or msg.get("X-Autorespond") is not None
        or str(msg.get("Precedence", "")).strip().lower() == "auto_reply"
        or bool(_AUTO_SUBJECT.match(str(msg.get("Subject", ""))))
    )


def _is_bounce(msg: Message, sender: list[str]) -> bool:
    ctype = msg.get_content_type()
    report = str(msg.get_param("report-type", "", header="content-type") or "").lower()
    return (ctype == "multipart/report" and report == "delivery-status") or any(
        _DAEMON.match(a) for a in sender
    )


def _full(raw: bytes) -> EmailMessage:
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def _auto_reply_signals(raw: bytes, sender: list[str]) -> list[DepartureSignal]:
    """A departure signal for the sender when the subject or text names a departure phrase."""
    if not sender:
        return []
    msg = _full(raw)
    part = msg.get_body(preferencelist=("plain",))
    text = f"{msg.get('Subject', '')}\n{part.get_content() if part is not None else ''}".lower()
    for phrase in DEPARTURE_PHRASES:
        if phrase in text:
            return [DepartureSignal(email=sender[0], kind=SignalKind.AUTO_REPLY, evidence=phrase)]
    return []


def _bounce_signals(raw: bytes) -> list[DepartureSignal]:
    """Permanent failures (5.x.x) named by X-Failed-Recipients or the delivery-status part."""
    msg = _full(raw)
    failed: dict[str, str] = {}
    for value in msg.get_all("X-Failed-Recipients") or []:
        for addr in _addresses_of(str(value)):
            failed.setdefault(addr, "X-Failed-Recipients")
    for part in msg.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        for block in part.get_payload():
            if not isinstance(block, Message):
                continue
            status = str(block.get("Status", ""))
            final = str(block.get("Final-Recipient", "")).partition(";")[2]
            if _STATUS.match(status) and final.strip():
                for addr in _addresses_of(final):
                    failed[addr] = f"status {status.strip()}"
    return [DepartureSignal(email=a, kind=SignalKind.BOUNCE, evidence=e) for a, e in failed.items()]


def _addresses_of(text: str) -> list[str]:
    return [a.strip().lower() for _, a in email.utils.getaddresses([text]) if "@" in a]
