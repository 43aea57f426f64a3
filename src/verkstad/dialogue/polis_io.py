"""Pol.is-compatible import and export of a conversation, and seeding statements from a CSV.

The format is the one of Pol.is's exports (compdemocracy/openData), described for people in
docs/dialogue-moderation.md:

- ``comments.csv``: ``timestamp, datetime, comment-id, author-id, agrees, disagrees,
  moderated, comment-body`` (``moderated``: 1 accepted, -1 rejected, 0 waiting);
- ``votes.csv``: every vote cast, ``timestamp, datetime, comment-id, voter-id, vote`` (1 agree,
  -1 disagree, 0 pass), a later vote replacing an earlier one;
- ``participants-votes.csv``: one row per participant with the group and the latest votes;
- ``summary.csv``: ``key,value`` rows.

Verkstad's exports add ``verkstad-statements.csv`` (language, seed and meta flags, linked
finding and moderation reason per ``comment-id``), a README and a codebook; the import reads
``verkstad-statements.csv`` when present, so our own round trip keeps those too.

Imports are all-or-nothing: every file is read and checked before anything is written, a
problem raises :class:`ImportProblem` naming the file, line and column, and the writes run in
one transaction. Only pseudonymous numbers leave the site: never user ids, e-mail addresses,
names, declared roles or municipalities, and Pol.is's ``xid`` is not imported.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from verkstad.accounts.models import User
from verkstad.dialogue.models import (
    Conversation,
    CurrentVote,
    OpinionSnapshot,
    Participant,
    Statement,
    StatementStatus,
    Vote,
)
from verkstad.dialogue.moderation import search_schedule
from verkstad.dialogue.snapshots import request_map
from verkstad.knowledge.models import Finding

COMMENTS = "comments.csv"
VOTES = "votes.csv"
PARTICIPANTS_VOTES = "participants-votes.csv"
SUMMARY = "summary.csv"
EXTRAS = "verkstad-statements.csv"
README = "README.md"
CODEBOOK = "codebook.csv"
KNOWN_FILES = (COMMENTS, VOTES, PARTICIPANTS_VOTES, SUMMARY, EXTRAS)

COMMENT_COLUMNS = (
    "timestamp",
    "datetime",
    "comment-id",
    "author-id",
    "agrees",
    "disagrees",
    "moderated",
    "comment-body",
)
VOTE_COLUMNS = ("timestamp", "datetime", "comment-id", "voter-id", "vote")
PARTICIPANT_COLUMNS = ("participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree")
#: Pol.is's fixed columns before the per-comment ones (``xid`` only in some exports).
POLIS_FIXED_COLUMNS = frozenset({*PARTICIPANT_COLUMNS, "xid"})
EXTRA_COLUMNS = ("comment-id", "language", "is-seed", "is-meta", "finding", "reason")
SEED_COLUMNS = ("text", "language", "finding", "is_meta")

MODERATED_TO_STATUS = {
    1: StatementStatus.ACCEPTED,
    -1: StatementStatus.REJECTED,
    0: StatementStatus.PENDING,
}
STATUS_TO_MODERATED = {status: code for code, status in MODERATED_TO_STATUS.items()}

#: Words the dialogue pages use as the first part of an address (``/dialog/moderera/``).
RESERVED_SLUGS = frozenset({"moderera", "importera", "ny"})

#: Upper bounds for uploads and zip members (a guard against zip bombs).
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_TOTAL_BYTES = 300 * 1024 * 1024

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: The largest number a ``comment-id`` or participant id may be (a 32-bit database integer),
#: and the latest timestamp (the last millisecond of the year 9999).
MAX_ID = 2**31 - 1
MAX_MILLIS = 253_402_300_799_999
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_TRUE = {"1", "true", "yes", "ja", "sant", "x"}
_FALSE = {"", "0", "false", "no", "nej", "falskt"}


class ImportProblem(ValueError):
    """A file that cannot be imported; the message names the file, line and column."""

    def __init__(
        self, file: str, message: str, *, line: int | None = None, column: str | None = None
    ) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        where = file
        if line is not None:
            where = _("%(file)s, line %(line)d") % {"file": file, "line": line}
        if column is not None:
            where = _("%(where)s, column %(column)s") % {"where": where, "column": column}
        super().__init__(f"{where}: {message}")


# --- reading files ---------------------------------------------------------------------------


def files_from_directory(path: str | Path) -> dict[str, bytes]:
    directory = Path(path)
    if not directory.is_dir():
        raise ImportProblem(str(path), _("is not a directory"))
    return {
        name: (directory / name).read_bytes()
        for name in KNOWN_FILES
        if (directory / name).is_file()
    }


def files_from_zip(
    data: bytes | io.BufferedIOBase, *, name: str = "export.zip"
) -> dict[str, bytes]:
    """The known files of a zip archive, at its top or in one folder inside it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    except (zipfile.BadZipFile, OSError):
        raise ImportProblem(name, _("is not a zip archive")) from None
    files: dict[str, bytes] = {}
    total = 0
    with archive:
        for info in archive.infolist():
            base = info.filename.rsplit("/", 1)[-1]
            if info.is_dir() or base not in KNOWN_FILES or info.filename.count("/") > 1:
                continue
            if base in files:
                raise ImportProblem(name, _("holds %(file)s twice") % {"file": base})
            total += info.file_size
            if info.file_size > MAX_FILE_BYTES or total > MAX_TOTAL_BYTES:
                raise ImportProblem(name, _("is too large to import"))
            files[base] = archive.read(info)
    if not files:
        raise ImportProblem(name, _("holds none of the files of a Pol.is export"))
    return files


def _decode(file: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportProblem(file, _("is not UTF-8 text"), line=line) from None


@dataclass
class Table:
    file: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line where the row starts, values)


def _table(file: str, data: bytes, *, required: tuple[str, ...]) -> Table:
    text = _decode(file, data)
    lines = io.StringIO(text, newline="")
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportProblem(file, _("is empty"), line=1) from None
    except csv.Error as error:
        raise ImportProblem(file, str(error), line=1) from None
    header = [name.strip() for name in header]
    for name in required:
        if name not in header:
            raise ImportProblem(
                file, _("the required column is missing from the header"), line=1, column=name
            )
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise ImportProblem(file, _("the column appears twice"), line=1, column=name)
        seen.add(name)
    rows: list[tuple[int, dict[str, str]]] = []
    while True:
        start = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise ImportProblem(file, str(error), line=start) from None
        if not values or values == [""]:
            continue
        if len(values) > len(header):
            raise ImportProblem(
                file,
                _("the row has %(n)d values but the header names %(m)d columns")
                % {"n": len(values), "m": len(header)},
                line=start,
            )
        values += [""] * (len(header) - len(values))
        rows.append((start, dict(zip(header, values, strict=True))))
    return Table(file, header, rows)


def _int(
    table: Table,
    line: int,
    row: Mapping[str, str],
    column: str,
    *,
    allowed: tuple[int, ...] | None = None,
    optional: bool = False,
    minimum: int | None = 0,
    maximum: int = MAX_ID,
) -> int | None:
    raw = (row.get(column) or "").strip()
    if raw == "":
        if optional:
            return None
        raise ImportProblem(table.file, _("a value is required"), line=line, column=column)
    try:
        value = int(raw)
    except ValueError:
        value = None
    if allowed is not None and value not in allowed:
        raise ImportProblem(
            table.file,
            _("%(value)s is not one of %(allowed)s")
            % {"value": repr(raw), "allowed": ", ".join(str(a) for a in sorted(allowed))},
            line=line,
            column=column,
        )
    if value is None:
        raise ImportProblem(
            table.file,
            _("%(value)s is not a whole number") % {"value": repr(raw)},
            line=line,
            column=column,
        )
    if allowed is None and minimum is not None and value < minimum:
        raise ImportProblem(
            table.file,
            _("%(value)s is less than %(minimum)d") % {"value": repr(raw), "minimum": minimum},
            line=line,
            column=column,
        )
    if allowed is None and value > maximum:
        raise ImportProblem(
            table.file,
            _("%(value)s is more than %(maximum)d") % {"value": repr(raw), "maximum": maximum},
            line=line,
            column=column,
        )
    return value


def _bool(table: Table, line: int, row: Mapping[str, str], column: str) -> bool:
    raw = (row.get(column) or "").strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImportProblem(
        table.file,
        _("%(value)s is not yes or no (1 or 0)") % {"value": repr(row.get(column))},
        line=line,
        column=column,
    )


def _language(table: Table, line: int, row: Mapping[str, str], column: str, default: str) -> str:
    raw = (row.get(column) or "").strip().lower()
    if raw == "":
        return default
    codes = [code for code, _name in settings.LANGUAGES]
    if raw not in codes:
        raise ImportProblem(
            table.file,
            _("%(value)s is not one of %(allowed)s")
            % {"value": repr(raw), "allowed": ", ".join(codes)},
            line=line,
            column=column,
        )
    return raw


def from_millis(ms: int) -> datetime:
    return EPOCH + timedelta(milliseconds=ms)


def to_millis(moment: datetime) -> int:
    return (moment - EPOCH) // timedelta(milliseconds=1)


def polis_datetime(moment: datetime) -> str:
    """Pol.is's ``datetime`` column (``Wed Jun 18 08:16:54 UTC 2014``), always in UTC."""
    t = moment.astimezone(UTC)
    return f"{_DAYS[t.weekday()]} {_MONTHS[t.month - 1]} {t.day:02d} {t:%H:%M:%S} UTC {t.year}"


# --- the parsed export ------------------------------------------------------------------------


@dataclass
class CommentRow:
    number: int
    text: str
    moderated: int
    created_ms: int | None
    author: int | None
    line: int


@dataclass
class VoteRow:
    statement: int
    voter: int
    value: int
    created_ms: int | None
    order: int


@dataclass
class ExtraRow:
    language: str
    is_seed: bool
    is_meta: bool
    finding: Finding | None
    reason: str


@dataclass
class PolisData:
    comments: list[CommentRow]
    votes: list[VoteRow]
    participants: set[int]
    summary: dict[str, str]
    extras: dict[int, ExtraRow] = field(default_factory=dict)
    votes_from: str = VOTES

    @property
    def topic(self) -> str:
        return self.summary.get("topic", "")

    @property
    def description(self) -> str:
        return self.summary.get("conversation-description", "")


def _read_comments(data: bytes) -> list[CommentRow]:
    table = _table(COMMENTS, data, required=("comment-id", "moderated", "comment-body"))
    comments: list[CommentRow] = []
    seen: dict[int, int] = {}
    for line, row in table.rows:
        number = _int(table, line, row, "comment-id")
        assert number is not None
        if number in seen:
            raise ImportProblem(
                COMMENTS,
                _("comment-id %(id)d already appears on line %(other)d")
                % {"id": number, "other": seen[number]},
                line=line,
                column="comment-id",
            )
        seen[number] = line
        text = row["comment-body"]
        if not text.strip():
            raise ImportProblem(
                COMMENTS, _("the statement text is empty"), line=line, column="comment-body"
            )
        comments.append(
            CommentRow(
                number=number,
                text=text,
                moderated=_int(table, line, row, "moderated", allowed=(-1, 0, 1)),  # type: ignore[arg-type]
                created_ms=_int(table, line, row, "timestamp", optional=True, maximum=MAX_MILLIS)
                if "timestamp" in row
                else None,
                author=_int(table, line, row, "author-id", optional=True)
                if "author-id" in row
                else None,
                line=line,
            )
        )
    return comments


def _read_votes(data: bytes, numbers: set[int]) -> list[VoteRow]:
    table = _table(VOTES, data, required=("timestamp", "comment-id", "voter-id", "vote"))
    votes: list[VoteRow] = []
    for order, (line, row) in enumerate(table.rows):
        statement = _int(table, line, row, "comment-id")
        if statement not in numbers:
            raise ImportProblem(
                VOTES,
                _("comment-id %(id)d is not in comments.csv") % {"id": statement},
                line=line,
                column="comment-id",
            )
        votes.append(
            VoteRow(
                statement=statement,  # type: ignore[arg-type]
                voter=_int(table, line, row, "voter-id"),  # type: ignore[arg-type]
                value=_int(table, line, row, "vote", allowed=(-1, 0, 1)),  # type: ignore[arg-type]
                created_ms=_int(table, line, row, "timestamp", maximum=MAX_MILLIS),
                order=order,
            )
        )
    return votes


def _read_participants_votes(data: bytes, numbers: set[int]) -> tuple[set[int], list[VoteRow]]:
    table = _table(PARTICIPANTS_VOTES, data, required=("participant",))
    comment_columns: list[tuple[str, int]] = []
    for name in table.header:
        if name in POLIS_FIXED_COLUMNS:
            continue
        try:
            number = int(name)
        except ValueError:
            raise ImportProblem(
                PARTICIPANTS_VOTES,
                _("is neither a known column nor a comment-id"),
                line=1,
                column=name,
            ) from None
        if number not in numbers:
            raise ImportProblem(
                PARTICIPANTS_VOTES,
                _("comment-id %(id)d is not in comments.csv") % {"id": number},
                line=1,
                column=name,
            )
        comment_columns.append((name, number))
    participants: set[int] = set()
    votes: list[VoteRow] = []
    for line, row in table.rows:
        pid = _int(table, line, row, "participant")
        assert pid is not None
        if pid in participants:
            raise ImportProblem(
                PARTICIPANTS_VOTES,
                _("participant %(id)d appears twice") % {"id": pid},
                line=line,
                column="participant",
            )
        participants.add(pid)
        if "group-id" in row:
            _int(table, line, row, "group-id", optional=True)
        for name, number in comment_columns:
            value = _int(table, line, row, name, allowed=(-1, 0, 1), optional=True)
            if value is not None:
                votes.append(VoteRow(number, pid, value, None, len(votes)))
    return participants, votes


def _read_summary(data: bytes) -> dict[str, str]:
    text = _decode(SUMMARY, data)
    summary: dict[str, str] = {}
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            if len(row) >= 2 and row[0].strip():
                summary[row[0].strip()] = row[1]
    except csv.Error as error:
        raise ImportProblem(SUMMARY, str(error), line=reader.line_num) from None
    return summary


def _read_extras(data: bytes, numbers: set[int], default_language: str) -> dict[int, ExtraRow]:
    table = _table(EXTRAS, data, required=("comment-id",))
    slugs = {
        (row.get("finding") or "").strip() for _line, row in table.rows if "finding" in row
    } - {""}
    findings = {f.slug: f for f in Finding.objects.filter(slug__in=slugs)}
    extras: dict[int, ExtraRow] = {}
    for line, row in table.rows:
        number = _int(table, line, row, "comment-id")
        if number not in numbers:
            raise ImportProblem(
                EXTRAS,
                _("comment-id %(id)d is not in comments.csv") % {"id": number},
                line=line,
                column="comment-id",
            )
        slug = (row.get("finding") or "").strip()
        if slug and slug not in findings:
            raise ImportProblem(
                EXTRAS,
                _("there is no finding with the slug %(slug)s") % {"slug": repr(slug)},
                line=line,
                column="finding",
            )
        extras[number] = ExtraRow(  # type: ignore[index]
            language=_language(table, line, row, "language", default_language),
            is_seed=_bool(table, line, row, "is-seed"),
            is_meta=_bool(table, line, row, "is-meta"),
            finding=findings.get(slug),
            reason=(row.get("reason") or "").strip()[:300],
        )
    return extras


def polis_read(files: Mapping[str, bytes], *, language: str = "en") -> PolisData:
    """Parse and check every file of an export; raise :class:`ImportProblem` on the first
    problem. Nothing is written."""
    if COMMENTS not in files:
        raise ImportProblem(COMMENTS, _("is missing"))
    comments = _read_comments(files[COMMENTS])
    numbers = {c.number for c in comments}
    participants: set[int] = set()
    pv_votes: list[VoteRow] | None = None
    if PARTICIPANTS_VOTES in files:
        participants, pv_votes = _read_participants_votes(files[PARTICIPANTS_VOTES], numbers)
    if VOTES in files:
        votes = _read_votes(files[VOTES], numbers)
        votes_from = VOTES
    elif pv_votes is not None:
        votes, votes_from = pv_votes, PARTICIPANTS_VOTES
    else:
        raise ImportProblem(VOTES, _("is missing, and so is participants-votes.csv"))
    participants |= {v.voter for v in votes}
    participants |= {c.author for c in comments if c.author is not None}
    summary = _read_summary(files[SUMMARY]) if SUMMARY in files else {}
    extras = _read_extras(files[EXTRAS], numbers, language) if EXTRAS in files else {}
    return PolisData(comments, votes, participants, summary, extras, votes_from)


# --- import -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    conversation: Conversation
    statements: int
    participants: int
    votes: int
    votes_from: str


def _conversation_for_import(
    *, slug: str, topic_sv: str, topic_en: str, description: str, user: User | None
) -> Conversation:
    conversation = Conversation.objects.select_for_update().filter(slug=slug).first()
    if conversation is None:
        return Conversation.objects.create(
            slug=slug,
            topic_sv=topic_sv[:200],
            topic_en=topic_en[:200],
            description_sv=description,
            description_en=description,
            created_by=user,
        )
    if conversation.statements.exists() or conversation.participants.exists():
        raise ImportProblem(
            slug,
            _("the conversation already has statements or participants; import into a new one"),
        )
    return conversation


def polis_import(
    *,
    files: Mapping[str, bytes],
    slug: str,
    topic_sv: str = "",
    topic_en: str = "",
    language: str = "en",
    user: User | None = None,
) -> ImportResult:
    """Import an export into a new conversation ``slug`` (or an existing, empty one)."""
    data = polis_read(files, language=language)
    slug = slugify(slug)
    if not slug:
        raise ImportProblem("slug", _("a slug of letters, digits and hyphens is required"))
    if slug in RESERVED_SLUGS:
        raise ImportProblem(slug, _("this slug is taken by a page of the site; choose another"))
    topic = data.topic or slug
    now = timezone.now()
    with transaction.atomic():
        conversation = _conversation_for_import(
            slug=slug,
            topic_sv=topic_sv or topic,
            topic_en=topic_en or topic,
            description=data.description,
            user=user,
        )
        participants = Participant.objects.bulk_create(
            [
                Participant(conversation=conversation, number=n, imported=True, created_at=now)
                for n in sorted(data.participants)
            ]
        )
        by_number = {p.number: p for p in participants}
        statements = []
        for c in sorted(data.comments, key=lambda c: c.number):
            extra = data.extras.get(c.number)
            status = MODERATED_TO_STATUS[c.moderated]
            statements.append(
                Statement(
                    conversation=conversation,
                    number=c.number,
                    text=c.text,
                    language=extra.language if extra else language,
                    author=by_number.get(c.author) if c.author is not None else None,
                    status=status,
                    moderated_at=now if status != StatementStatus.PENDING else None,
                    reason=extra.reason if extra else "",
                    is_seed=extra.is_seed if extra else False,
                    is_meta=extra.is_meta if extra else False,
                    finding=extra.finding if extra else None,
                    created_at=from_millis(c.created_ms) if c.created_ms is not None else now,
                )
            )
        statements = Statement.objects.bulk_create(statements)
        statement_by_number = {s.number: s for s in statements}
        # History in time order (file order breaks ties); the latest per pair counts.
        ordered = sorted(
            data.votes, key=lambda v: (v.created_ms if v.created_ms is not None else 0, v.order)
        )
        Vote.objects.bulk_create(
            (
                Vote(
                    participant=by_number[v.voter],
                    statement=statement_by_number[v.statement],
                    value=v.value,
                    created_at=from_millis(v.created_ms) if v.created_ms is not None else now,
                )
                for v in ordered
            ),
            batch_size=2000,
        )
        latest: dict[tuple[int, int], VoteRow] = {}
        for v in ordered:
            latest[(v.voter, v.statement)] = v
        CurrentVote.objects.bulk_create(
            (
                CurrentVote(
                    participant=by_number[voter],
                    statement=statement_by_number[number],
                    conversation=conversation,
                    value=v.value,
                    updated_at=from_millis(v.created_ms) if v.created_ms is not None else now,
                )
                for (voter, number), v in latest.items()
            ),
            batch_size=2000,
        )
        request_map(conversation.pk)
        search_schedule(s.pk for s in statements)
    return ImportResult(
        conversation=conversation,
        statements=len(statements),
        participants=len(participants),
        votes=len(data.votes),
        votes_from=data.votes_from,
    )


# --- export -----------------------------------------------------------------------------------


def _csv(rows: list[list[object]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _latest_groups(conversation: Conversation) -> dict[str, int | None]:
    snapshot = (
        OpinionSnapshot.objects.filter(conversation=conversation).order_by("-created_at").first()
    )
    if snapshot is None or not isinstance(snapshot.data, dict):
        return {}
    groups = snapshot.data.get("participants") or {}
    return groups if isinstance(groups, dict) else {}


def _address(conversation: Conversation) -> str:
    try:
        return conversation.get_absolute_url()
    except NoReverseMatch:  # the taking-part pages are not wired up
        return ""


def polis_export_files(*, conversation: Conversation, language: str = "sv") -> dict[str, bytes]:
    """The export of ``conversation`` as ``{file name: bytes}``: Pol.is's four files plus
    ``verkstad-statements.csv``, README.md and codebook.csv."""
    statements = list(
        Statement.objects.filter(conversation=conversation)
        .select_related("author", "finding")
        .annotate(
            n_agree=Count("current_votes", filter=Q(current_votes__value=1)),
            n_disagree=Count("current_votes", filter=Q(current_votes__value=-1)),
        )
        .order_by("number")
    )
    participants = list(Participant.objects.filter(conversation=conversation).order_by("number"))
    number_of = {p.pk: p.number for p in participants}
    statement_number = {s.pk: s.number for s in statements}

    comments = [list(COMMENT_COLUMNS)]
    for s in statements:
        comments.append(
            [
                to_millis(s.created_at),
                polis_datetime(s.created_at),
                s.number,
                number_of.get(s.author_id, "") if s.author_id else "",
                s.n_agree,
                s.n_disagree,
                STATUS_TO_MODERATED[StatementStatus(s.status)],
                s.text,
            ]
        )

    votes = [list(VOTE_COLUMNS)]
    for participant_id, statement_id, value, created_at in (
        Vote.objects.filter(statement__conversation=conversation)
        .order_by("created_at", "pk")
        .values_list("participant_id", "statement_id", "value", "created_at")
        .iterator(chunk_size=5000)
    ):
        votes.append(
            [
                to_millis(created_at),
                polis_datetime(created_at),
                statement_number[statement_id],
                number_of[participant_id],
                value,
            ]
        )

    current: dict[int, dict[int, int]] = {}
    for participant_id, statement_id, value in CurrentVote.objects.filter(
        conversation=conversation
    ).values_list("participant_id", "statement_id", "value"):
        current.setdefault(participant_id, {})[statement_number[statement_id]] = value
    authored: dict[int, int] = {}
    for s in statements:
        if s.author_id:
            authored[s.author_id] = authored.get(s.author_id, 0) + 1
    groups = _latest_groups(conversation)
    numbers = [s.number for s in statements]
    pv = [[*PARTICIPANT_COLUMNS, *numbers]]
    for p in participants:
        mine = current.get(p.pk, {})
        group = groups.get(str(p.number))
        pv.append(
            [
                p.number,
                "" if group is None else group,
                authored.get(p.pk, 0),
                len(mine),
                sum(1 for v in mine.values() if v == 1),
                sum(1 for v in mine.values() if v == -1),
                *(mine.get(n, "") for n in numbers),
            ]
        )

    voters = sum(1 for p in participants if current.get(p.pk))
    group_ids = {g for g in groups.values() if g is not None}
    topic = conversation.topic_en if language == "en" else conversation.topic_sv
    description = conversation.description_en if language == "en" else conversation.description_sv
    summary = [
        ["topic", topic],
        ["url", _address(conversation)],
        ["views", ""],
        ["voters", voters],
        ["voters-in-conv", voters],
        ["commenters", len(authored)],
        ["comments", len(statements)],
        ["groups", len(group_ids) if group_ids else ""],
        ["conversation-description", description],
    ]

    extras = [list(EXTRA_COLUMNS)]
    for s in statements:
        extras.append(
            [
                s.number,
                s.language,
                int(s.is_seed),
                int(s.is_meta),
                s.finding.slug if s.finding else "",
                s.reason,
            ]
        )

    return {
        COMMENTS: _csv(comments),
        VOTES: _csv(votes),
        PARTICIPANTS_VOTES: _csv(pv),
        SUMMARY: _csv(summary),
        EXTRAS: _csv(extras),
        README: _readme(conversation, topic, len(statements), voters, len(votes) - 1).encode(),
        CODEBOOK: _csv(CODEBOOK_ROWS),
    }


CODEBOOK_ROWS: list[list[object]] = [
    ["file", "column", "type", "meaning"],
    ["comments.csv", "timestamp", "integer", "when the statement was written, ms since 1970 UTC"],
    ["comments.csv", "datetime", "text", "the same moment, readable, in UTC"],
    ["comments.csv", "comment-id", "integer", "the statement's number in this conversation"],
    ["comments.csv", "author-id", "integer", "participant number of the author; empty: seeded"],
    ["comments.csv", "agrees", "integer", "participants whose latest vote is agree"],
    ["comments.csv", "disagrees", "integer", "participants whose latest vote is disagree"],
    ["comments.csv", "moderated", "-1/0/1", "1 accepted, -1 rejected, 0 waiting for moderation"],
    ["comments.csv", "comment-body", "text", "the statement"],
    ["votes.csv", "timestamp", "integer", "when the vote was cast, ms since 1970 UTC"],
    ["votes.csv", "datetime", "text", "the same moment, readable, in UTC"],
    ["votes.csv", "comment-id", "integer", "the statement voted on"],
    ["votes.csv", "voter-id", "integer", "participant number of the voter"],
    ["votes.csv", "vote", "-1/0/1", "1 agree, -1 disagree, 0 pass; a later vote replaces one"],
    ["participants-votes.csv", "participant", "integer", "participant number (pseudonymous)"],
    ["participants-votes.csv", "group-id", "integer", "opinion group in the latest map; empty"],
    ["participants-votes.csv", "n-comments", "integer", "statements the participant wrote"],
    ["participants-votes.csv", "n-votes", "integer", "statements the participant voted on"],
    ["participants-votes.csv", "n-agree", "integer", "latest votes that are agree"],
    ["participants-votes.csv", "n-disagree", "integer", "latest votes that are disagree"],
    ["participants-votes.csv", "<comment-id>", "-1/0/1", "latest vote on that statement; empty"],
    ["summary.csv", "topic", "text", "the conversation's topic"],
    ["summary.csv", "url", "text", "the conversation's address on the site"],
    ["summary.csv", "views", "empty", "not counted by Verkstad"],
    ["summary.csv", "voters", "integer", "participants with at least one vote"],
    ["summary.csv", "voters-in-conv", "integer", "the same as voters"],
    ["summary.csv", "commenters", "integer", "participants who wrote a statement"],
    ["summary.csv", "comments", "integer", "statements, whatever their moderation"],
    ["summary.csv", "groups", "integer", "opinion groups in the latest map; empty: no map"],
    ["summary.csv", "conversation-description", "text", "the conversation's description"],
    ["verkstad-statements.csv", "comment-id", "integer", "the statement (as in comments.csv)"],
    ["verkstad-statements.csv", "language", "sv/en", "the statement's language"],
    ["verkstad-statements.csv", "is-seed", "0/1", "1: written by the organisers to start"],
    ["verkstad-statements.csv", "is-meta", "0/1", "1: about the conversation; not in the map"],
    ["verkstad-statements.csv", "finding", "text", "slug of the research finding it comes from"],
    ["verkstad-statements.csv", "reason", "text", "the moderator's reason for the decision"],
]


def _readme(
    conversation: Conversation, topic: str, n_statements: int, n_voters: int, n_votes: int
) -> str:
    return f"""# {topic}

Export of the Verkstad conversation `{conversation.slug}`, made {timezone.now():%Y-%m-%d %H:%M} UTC.
{n_statements} statements, {n_voters} voters, {n_votes} votes (every vote cast, changes included).

The files follow the format of Pol.is exports (https://github.com/compdemocracy/openData), so
tools that read those read these:

- `comments.csv`: the statements, with their moderation;
- `votes.csv`: every vote, in time order;
- `participants-votes.csv`: one row per participant, with the latest votes and the group;
- `summary.csv`: key,value rows about the conversation;
- `verkstad-statements.csv`: what Pol.is has no column for (language, seed and meta flags,
  linked finding, moderation reason);
- `codebook.csv`: every column of every file, explained.

Privacy: participants appear only as numbers that exist in this conversation alone. The export
holds no names, e-mail addresses, user ids, declared roles or municipalities. Statements are
the participants' own words; read them before you publish the export.

Votes are coded 1 agree, -1 disagree, 0 pass. Times are milliseconds since 1970-01-01 UTC.
"""


def polis_export_zip(*, conversation: Conversation, language: str = "sv") -> bytes:
    """The export as a zip archive with its files in a folder named after the conversation."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in polis_export_files(conversation=conversation, language=language).items():
            archive.writestr(f"{conversation.slug}/{name}", data)
    return buffer.getvalue()


def polis_export_directory(
    *, conversation: Conversation, path: str | Path, language: str = "sv"
) -> list[Path]:
    directory = Path(path)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in polis_export_files(conversation=conversation, language=language).items():
        (directory / name).write_bytes(data)
        written.append(directory / name)
    return written


# --- seeding statements -----------------------------------------------------------------------


@dataclass(frozen=True)
class SeedResult:
    created: list[Statement]
    skipped: int


def _seed_rows(data: bytes, file: str, default_language: str) -> Iterator[tuple[int, dict]]:
    table = _table(file, data, required=("text",))
    unknown = [name for name in table.header if name not in SEED_COLUMNS]
    if unknown:
        raise ImportProblem(
            file,
            _("unknown column; the columns are %(columns)s") % {"columns": ", ".join(SEED_COLUMNS)},
            line=1,
            column=unknown[0],
        )
    slugs = {row.get("finding", "").strip() for _line, row in table.rows} - {""}
    findings = {f.slug: f for f in Finding.objects.filter(slug__in=slugs)}
    for line, row in table.rows:
        text = row["text"].strip()
        if not text:
            raise ImportProblem(file, _("the statement text is empty"), line=line, column="text")
        slug = row.get("finding", "").strip()
        if slug and slug not in findings:
            raise ImportProblem(
                file,
                _("there is no finding with the slug %(slug)s") % {"slug": repr(slug)},
                line=line,
                column="finding",
            )
        yield (
            line,
            {
                "text": text,
                "language": _language(table, line, row, "language", default_language),
                "finding": findings.get(slug),
                "is_meta": _bool(table, line, row, "is_meta"),
            },
        )


def statements_seed(
    *,
    conversation: Conversation,
    data: bytes,
    file: str = "statements.csv",
    user: User | None = None,
    dry_run: bool = False,
) -> SeedResult:
    """Add seed statements (accepted, ``is_seed``) from a CSV; rows whose text the
    conversation already has are skipped, so running it twice adds nothing."""
    rows = list(_seed_rows(data, file, conversation_language(conversation)))
    now = timezone.now()
    with transaction.atomic():
        existing = set(
            Statement.objects.filter(conversation=conversation).values_list("text", flat=True)
        )
        next_number = Statement.objects.filter(conversation=conversation).aggregate(
            n=Max("number")
        )["n"]
        next_number = 0 if next_number is None else next_number + 1
        new: list[Statement] = []
        skipped = 0
        for _line, row in rows:
            if row["text"] in existing:
                skipped += 1
                continue
            existing.add(row["text"])
            new.append(
                Statement(
                    conversation=conversation,
                    number=next_number,
                    text=row["text"],
                    language=row["language"],
                    finding=row["finding"],
                    is_meta=row["is_meta"],
                    is_seed=True,
                    status=StatementStatus.ACCEPTED,
                    moderated_by=user,
                    moderated_at=now,
                    created_at=now,
                )
            )
            next_number += 1
        if dry_run:
            return SeedResult(created=new, skipped=skipped)
        created = Statement.objects.bulk_create(new)
        if created:
            request_map(conversation.pk)
            search_schedule(s.pk for s in created)
    return SeedResult(created=created, skipped=skipped)


def conversation_language(conversation: Conversation) -> str:
    """The language seeds default to: Swedish, the site's own."""
    return settings.LANGUAGE_CODE[:2]
