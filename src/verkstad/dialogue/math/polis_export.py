"""Read a Pol.is export directory (the format of compdemocracy/openData).

- ``comments.csv``: ``comment-id``, ``moderated`` (−1 rejected, 0 unmoderated, 1 accepted),
  ``comment-body`` and more.
- ``votes.csv``: the vote log, ``timestamp, datetime, comment-id, voter-id, vote`` with agree
  = +1, disagree = −1, pass = 0; a later vote replaces an earlier one.
- ``participants-votes.csv``: one row per participant with Pol.is's ``group-id`` (empty when
  not clustered), then one column per comment id holding the final vote. Used for the votes
  when ``votes.csv`` is missing.
- ``summary.csv``: key,value rows (optional; only ``topic`` is read).

A malformed file raises ``PolisExportError`` naming the file, line and column.
``opinion_map_report`` turns an export into the report ``verkstad opinion-map`` prints.
"""

from __future__ import annotations

import csv
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from verkstad.dialogue.math.agreement import adjusted_rand_index
from verkstad.dialogue.math.matrix import vote_matrix
from verkstad.dialogue.math.pipeline import opinion_map

FIXED_PARTICIPANT_COLUMNS = (
    "participant",
    "xid",
    "group-id",
    "n-comments",
    "n-votes",
    "n-agree",
    "n-disagree",
)


class PolisExportError(ValueError):
    def __init__(self, path: Path, line: int | None, column: str | None, message: str) -> None:
        where = path.name
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Comment:
    id: int
    text: str
    moderated: int


@dataclass(frozen=True, eq=False)
class PolisExport:
    directory: Path
    participants: np.ndarray
    statements: np.ndarray
    votes: np.ndarray
    times: np.ndarray | None
    comments: dict[int, Comment]
    polis_groups: dict[int, int | None]  # participant id -> Pol.is group-id
    votes_source: str  # "votes.csv" or "participants-votes.csv"
    topic: str

    @property
    def mod_out(self) -> list[int]:
        """Statements the moderator rejected: Pol.is's ``mod-out``."""
        return sorted(c.id for c in self.comments.values() if c.moderated == -1)


def _rows(path: Path, required: tuple[str, ...]) -> tuple[list[str], list[tuple[int, dict]]]:
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as error:
        raise PolisExportError(path, None, None, f"cannot be read ({error.strerror})") from None
    with handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [name for name in required if name not in header]
        if missing:
            raise PolisExportError(path, 1, missing[0], "required column is missing")
        try:
            rows = [(reader.line_num, row) for row in reader]
        except (csv.Error, UnicodeDecodeError) as error:
            raise PolisExportError(path, reader.line_num, None, str(error)) from None
    return header, rows


def _int(path: Path, line: int, row: dict, column: str, *, allow_empty: bool = False):
    raw = row.get(column)
    if raw is None:
        raise PolisExportError(path, line, column, "value is missing")
    raw = raw.strip()
    if raw == "" and allow_empty:
        return None
    try:
        return int(raw)
    except ValueError:
        raise PolisExportError(path, line, column, f"{raw!r} is not an integer") from None


def _vote(path: Path, line: int, row: dict, column: str) -> int | None:
    value = _int(path, line, row, column, allow_empty=True)
    if value is not None and value not in (-1, 0, 1):
        raise PolisExportError(path, line, column, f"vote {value} is not -1, 0 or 1")
    return value


def read_comments(path: Path) -> dict[int, Comment]:
    _, rows = _rows(path, ("comment-id", "moderated", "comment-body"))
    comments: dict[int, Comment] = {}
    for line, row in rows:
        cid = _int(path, line, row, "comment-id")
        moderated = _int(path, line, row, "moderated")
        if moderated not in (-1, 0, 1):
            raise PolisExportError(path, line, "moderated", f"{moderated} is not -1, 0 or 1")
        comments[cid] = Comment(id=cid, text=row["comment-body"] or "", moderated=moderated)
    return comments


def read_votes(path: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    _, rows = _rows(path, ("timestamp", "comment-id", "voter-id", "vote"))
    n = len(rows)
    participants = np.empty(n, dtype=np.int64)
    statements = np.empty(n, dtype=np.int64)
    votes = np.empty(n, dtype=np.int8)
    times = np.empty(n, dtype=np.int64)
    for i, (line, row) in enumerate(rows):
        times[i] = _int(path, line, row, "timestamp")
        statements[i] = _int(path, line, row, "comment-id")
        participants[i] = _int(path, line, row, "voter-id")
        vote = _vote(path, line, row, "vote")
        if vote is None:
            raise PolisExportError(path, line, "vote", "value is missing")
        votes[i] = vote
    return participants, statements, votes, times


def read_participants_votes(
    path: Path,
) -> tuple[dict[int, int | None], tuple[np.ndarray, np.ndarray, np.ndarray]]:
    header, rows = _rows(path, ("participant", "group-id"))
    comment_columns = [name for name in header if name not in FIXED_PARTICIPANT_COLUMNS]
    for name in comment_columns:
        try:
            int(name)
        except ValueError:
            raise PolisExportError(path, 1, name, "is not a comment id") from None
    groups: dict[int, int | None] = {}
    participants: list[int] = []
    statements: list[int] = []
    votes: list[int] = []
    for line, row in rows:
        pid = _int(path, line, row, "participant")
        groups[pid] = _int(path, line, row, "group-id", allow_empty=True)
        for name in comment_columns:
            vote = _vote(path, line, row, name)
            if vote is not None:
                participants.append(pid)
                statements.append(int(name))
                votes.append(vote)
    return groups, (
        np.array(participants, dtype=np.int64),
        np.array(statements, dtype=np.int64),
        np.array(votes, dtype=np.int8),
    )


def read_summary_topic(path: Path) -> str:
    if not path.exists():
        return ""
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.reader(handle):
            if len(row) >= 2 and row[0] == "topic":
                return row[1]
    return ""


def read_polis_export(directory: str | Path) -> PolisExport:
    """Read ``comments.csv``, the votes (``votes.csv``, else ``participants-votes.csv``) and,
    when present, Pol.is's groups from ``participants-votes.csv``."""
    directory = Path(directory)
    if not directory.is_dir():
        raise PolisExportError(directory, None, None, "is not a directory")
    comments = read_comments(directory / "comments.csv")
    votes_path = directory / "votes.csv"
    pv_path = directory / "participants-votes.csv"
    groups: dict[int, int | None] = {}
    pv_votes = None
    if pv_path.exists():
        groups, pv_votes = read_participants_votes(pv_path)
    if votes_path.exists():
        participants, statements, votes, times = read_votes(votes_path)
        source = "votes.csv"
    elif pv_votes is not None:
        participants, statements, votes = pv_votes
        times = None
        source = "participants-votes.csv"
    else:
        raise PolisExportError(
            votes_path, None, None, "is missing, and so is participants-votes.csv"
        )
    return PolisExport(
        directory=directory,
        participants=participants,
        statements=statements,
        votes=votes,
        times=times,
        comments=comments,
        polis_groups=groups,
        votes_source=source,
        topic=read_summary_topic(directory / "summary.csv"),
    )


def opinion_map_report(
    export: PolisExport, *, k_max: int = 5, seed: int = 0, min_votes: int = 7
) -> dict[str, Any]:
    """The JSON-ready report of one export (documented in docs/opinion-math.md)."""
    started = time.perf_counter()
    matrix = vote_matrix(export.participants, export.statements, export.votes, times=export.times)
    built = time.perf_counter()
    result = opinion_map(
        matrix, k_max=k_max, seed=seed, min_votes=min_votes, mod_out=export.mod_out
    )
    report = result.to_dict()
    report["timings"] = {"vote_matrix": round(built - started, 6), **report["timings"]}
    report["source"] = {
        "directory": str(export.directory),
        "topic": export.topic,
        "votes_from": export.votes_source,
    }
    texts = {str(cid): comment.text for cid, comment in export.comments.items()}
    report["statements"] = {
        str(sid): texts.get(str(sid), "") for sid in result.statement_ids.tolist()
    }
    report["polis_agreement"] = _agreement(export, report["participants"])
    return report


def _agreement(export: PolisExport, ours: dict[str, int | None]) -> dict[str, Any] | None:
    polis = {str(pid): group for pid, group in export.polis_groups.items() if group is not None}
    if not polis:
        return None
    common = [pid for pid, group in polis.items() if ours.get(pid) is not None]
    placed = {pid for pid, group in ours.items() if group is not None}
    return {
        "adjusted_rand_index": (
            round(adjusted_rand_index([ours[p] for p in common], [polis[p] for p in common]), 6)
            if common
            else None
        ),
        "compared": len(common),
        "placed_by_polis": len(polis),
        "placed_by_both": len(placed & set(polis)),
        "polis_groups": len(set(polis.values())),
    }
