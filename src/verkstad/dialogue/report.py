"""The report page's view model: a stored snapshot turned into what the page shows.

Reads ``OpinionSnapshot.data`` only (the opinion map from ``to_dict`` and the ``report`` block
from :mod:`verkstad.dialogue.aggregates`) plus the statements' texts; never computes the map.
Figures about fewer than :data:`~verkstad.dialogue.aggregates.MIN_PEOPLE` people were
suppressed before storing; the few figures that come from the map itself (a group's size, its
representative statements' counts) are suppressed here by the same rule.
"""

from __future__ import annotations

import string
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verkstad.accounts.models import ActorType
from verkstad.dialogue.aggregates import MIN_PEOPLE


@dataclass
class Share:
    """An agree / disagree / pass tally as counts and whole percentages."""

    voters: int
    agree: int
    disagree: int
    passed: int

    @property
    def agree_pct(self) -> int:
        return _pct(self.agree, self.voters)

    @property
    def disagree_pct(self) -> int:
        return _pct(self.disagree, self.voters)

    @property
    def pass_pct(self) -> int:
        return _pct(self.passed, self.voters)

    def as_dict(self) -> dict[str, int]:
        return {
            "voters": self.voters,
            "agree": self.agree,
            "disagree": self.disagree,
            "pass": self.passed,
        }


def _pct(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def share_of(cell: dict[str, Any] | None) -> Share | None:
    """A stored cell as a :class:`Share`, ``None`` when suppressed or missing."""
    if not cell or cell.get("suppressed") or not cell.get("voters"):
        return None
    if cell["voters"] < MIN_PEOPLE:  # belt and braces: never show fewer than five
        return None
    return Share(cell["voters"], cell["agree"], cell["disagree"], cell["pass"])


@dataclass
class StatementRef:
    number: int
    text: str
    language: str


@dataclass
class GroupShare:
    letter: str
    share: Share | None


@dataclass
class RepLine:
    statement: StatementRef
    side: str  # "agree" or "disagree"
    group: Share | None
    rest: Share | None

    @property
    def group_pct(self) -> int | None:
        if self.group is None:
            return None
        return self.group.agree_pct if self.side == "agree" else self.group.disagree_pct

    @property
    def rest_pct(self) -> int | None:
        if self.rest is None:
            return None
        return self.rest.agree_pct if self.side == "agree" else self.rest.disagree_pct


@dataclass
class GroupView:
    id: int
    letter: str
    label: str
    size: int | None  # None: fewer than five people
    representative: list[RepLine] = field(default_factory=list)

    @property
    def suppressed(self) -> bool:
        return self.size is None


@dataclass
class ConsensusLine:
    statement: StatementRef
    side: str
    share: Share | None


@dataclass
class DivisiveLine:
    statement: StatementRef
    most: str  # group letter
    least: str
    groups: list[GroupShare]


@dataclass
class StatementRow:
    statement: StatementRef
    share: Share | None
    groups: list[GroupShare]
    is_meta: bool = False


@dataclass
class LensColumn:
    actor_type: str
    label: str
    people: int


@dataclass
class LensRow:
    statement: StatementRef
    cells: list[Share | None]


@dataclass
class LensGroupRow:
    label: str
    people: int
    cells: list[int | None]


@dataclass
class Lens:
    columns: list[LensColumn]
    rows: list[LensRow]
    group_rows: list[LensGroupRow]
    hidden_actor_types: int
    declared: int | None
    undeclared: int | None


@dataclass
class Report:
    status: str  # "none" (never computed), "too_few", "ok"
    computed_at: datetime | None
    n_votes: int
    n_participants: int
    n_statements: int
    updating: bool
    summary: list[str]
    placed: int = 0
    unplaced: int = 0
    groups: list[GroupView] = field(default_factory=list)
    consensus: list[ConsensusLine] = field(default_factory=list)
    divisive: list[DivisiveLine] = field(default_factory=list)
    uncertain: list[StatementRef] = field(default_factory=list)
    statements: list[StatementRow] = field(default_factory=list)
    lens: Lens | None = None
    map_cells: list[list[int]] = field(default_factory=list)
    map_hulls: dict[str, list[list[float]]] = field(default_factory=dict)
    map_svg: SafeString | str = ""

    @property
    def has_map(self) -> bool:
        return self.status == "ok" and bool(self.map_cells)


def group_letter(group_id: int) -> str:
    return string.ascii_uppercase[group_id] if 0 <= group_id < 26 else str(group_id + 1)


def group_label(group_id: int) -> str:
    return _("Group %(letter)s") % {"letter": group_letter(group_id)}


def _n(value: int) -> str:
    return number_format(value, 0, force_grouping=True)


def report_build(
    *,
    snapshot: Any | None,
    statements: dict[int, StatementRef],
    meta: frozenset[int] = frozenset(),
    updating: bool = False,
) -> Report:
    """The report for ``snapshot`` (an ``OpinionSnapshot`` or ``None``).

    ``statements`` are the accepted statements by number (only these are shown), ``meta``
    the numbers of meta statements (shown in the per-statement table only).
    """
    if snapshot is None:
        return Report(
            status="none",
            computed_at=None,
            n_votes=0,
            n_participants=0,
            n_statements=len(statements),
            updating=updating,
            summary=[_("No votes have been counted yet.")],
        )
    data = snapshot.data or {}
    block = data.get("report") or {}
    status = "ok" if data.get("status") == "ok" else "too_few"
    report = Report(
        status=status,
        computed_at=snapshot.created_at,
        n_votes=snapshot.n_votes,
        n_participants=snapshot.n_participants,
        n_statements=snapshot.n_statements,
        updating=updating,
        summary=[],
    )
    n_groups = int(data.get("n_groups") or 0) if status == "ok" else 0
    letters = [group_letter(g) for g in range(n_groups)]
    stored = block.get("statements") or {}

    def ref(number: Any) -> StatementRef | None:
        try:
            return statements.get(int(number))
        except (TypeError, ValueError):
            return None

    def group_cells(number: Any) -> list[GroupShare]:
        cells = (stored.get(str(number)) or {}).get("groups") or {}
        return [GroupShare(letters[g], share_of(cells.get(str(g)))) for g in range(n_groups)]

    # Every accepted statement with its bars, most voted first, then by number.
    for number, statement in statements.items():
        report.statements.append(
            StatementRow(
                statement=statement,
                share=share_of(stored.get(str(number))),
                groups=group_cells(number),
                is_meta=number in meta,
            )
        )
    report.statements.sort(
        key=lambda row: (-(row.share.voters if row.share else 0), row.statement.number)
    )

    if status == "ok":
        sizes = block.get("groups") or {}
        counts = data.get("counts") or {}
        report.placed = int(counts.get("placed") or 0)
        report.unplaced = max(snapshot.n_participants - report.placed, 0)
        for g, group in enumerate(data.get("groups") or []):
            size_cell = sizes.get(str(g)) or {}
            size = None if size_cell.get("suppressed", True) else size_cell.get("people")
            view = GroupView(id=g, letter=letters[g], label=group_label(g), size=size)
            if size is not None:
                for item in group.get("representative") or []:
                    statement = ref(item.get("statement_id"))
                    if statement is None:
                        continue
                    cell = stored.get(str(statement.number)) or {}
                    mine = share_of((cell.get("groups") or {}).get(str(g)))
                    view.representative.append(
                        RepLine(
                            statement=statement,
                            side="agree" if item.get("repful_for") == "agree" else "disagree",
                            group=mine,
                            rest=_rest(share_of(cell), mine),
                        )
                    )
            report.groups.append(view)
        consensus = data.get("consensus") or {}
        for side in ("agree", "disagree"):
            for item in consensus.get(side) or []:
                statement = ref(item.get("statement_id"))
                if statement is not None:
                    report.consensus.append(
                        ConsensusLine(statement, side, share_of(stored.get(str(statement.number))))
                    )
        for item in data.get("divisive") or []:
            statement = ref(item.get("statement_id"))
            most, least = item.get("most_agreeing_group"), item.get("least_agreeing_group")
            if statement is None or most is None or least is None:
                continue
            if not (0 <= most < n_groups and 0 <= least < n_groups):
                continue
            cells = group_cells(statement.number)
            # Name only groups whose figures are shown: never single out a group under five.
            shown = [c for c in cells if c.share is not None]
            if len(shown) >= 2:
                ranked = sorted(shown, key=lambda c: c.share.agree / c.share.voters)
                most_letter, least_letter = ranked[-1].letter, ranked[0].letter
            else:
                most_letter = least_letter = ""
            report.divisive.append(
                DivisiveLine(
                    statement=statement,
                    most=most_letter,
                    least=least_letter,
                    groups=cells,
                )
            )
        for item in data.get("uncertain") or []:
            statement = ref(item.get("statement_id"))
            if statement is not None:
                report.uncertain.append(statement)
        map_block = block.get("map") or {}
        report.map_cells = list(map_block.get("cells") or [])
        report.map_hulls = dict(map_block.get("hulls") or {})

    report.lens = _lens(block.get("lens") or {}, statements, letters)
    report.summary = _summary(report)
    return report


def _rest(overall: Share | None, mine: Share | None) -> Share | None:
    """Everyone else who voted on the statement, when that is five people or more."""
    if overall is None or mine is None:
        return None
    rest = Share(
        overall.voters - mine.voters,
        overall.agree - mine.agree,
        overall.disagree - mine.disagree,
        overall.passed - mine.passed,
    )
    return rest if rest.voters >= MIN_PEOPLE else None


def _lens(
    block: dict[str, Any], statements: dict[int, StatementRef], letters: list[str]
) -> Lens | None:
    rows = block.get("actor_types") or []
    labels = dict(ActorType.choices)
    columns = [
        LensColumn(
            row["actor_type"], str(labels.get(row["actor_type"], row["actor_type"])), row["people"]
        )
        for row in rows
        if not row.get("suppressed") and (row.get("people") or 0) >= MIN_PEOPLE
    ]
    kept = [row for row in rows if row["actor_type"] in {c.actor_type for c in columns}]

    def people_of(cell: dict[str, Any] | None) -> int | None:
        if not cell or cell.get("suppressed") or (cell.get("people") or 0) < MIN_PEOPLE:
            return None
        return cell["people"]

    declared = people_of(block.get("declared"))
    undeclared = people_of(block.get("undeclared"))
    return Lens(
        columns=columns,
        rows=[
            LensRow(
                statement=statement,
                cells=[share_of((row.get("statements") or {}).get(str(number))) for row in kept],
            )
            for number, statement in statements.items()
        ],
        group_rows=[
            LensGroupRow(
                label=column.label,
                people=column.people,
                cells=[
                    people_of((row.get("groups") or {}).get(str(g))) for g in range(len(letters))
                ],
            )
            for column, row in zip(columns, kept, strict=True)
        ],
        hidden_actor_types=int(block.get("hidden_actor_types") or 0),
        declared=declared,
        undeclared=undeclared,
    )


def _summary(report: Report) -> list[str]:
    if report.status == "none":
        return [_("No votes have been counted yet.")]
    lines = [
        ngettext(
            "%(people)s person has voted %(votes)s times on %(statements)s statements.",
            "%(people)s people have voted %(votes)s times on %(statements)s statements.",
            report.n_participants,
        )
        % {
            "people": _n(report.n_participants),
            "votes": _n(report.n_votes),
            "statements": _n(report.n_statements),
        }
    ]
    if report.status == "too_few":
        lines.append(
            _(
                "The opinion map is drawn once at least %(min)s people have voted; until then "
                "only statements with at least %(min)s votes show their results."
            )
            % {"min": MIN_PEOPLE}
        )
        return lines
    lines.append(
        ngettext(
            "The map places %(placed)s of them in %(groups)s opinion group.",
            "The map places %(placed)s of them in %(groups)s opinion groups.",
            len(report.groups),
        )
        % {"placed": _n(report.placed), "groups": _n(len(report.groups))}
    )
    if report.unplaced:
        lines.append(
            ngettext(
                "%(count)s person voted on too few statements to be placed.",
                "%(count)s people voted on too few statements to be placed.",
                report.unplaced,
            )
            % {"count": _n(report.unplaced)}
        )
    sized = [g for g in report.groups if g.size is not None]
    for group in sized:
        lines.append(
            ngettext(
                "%(group)s: %(size)s person.",
                "%(group)s: %(size)s people.",
                group.size,
            )
            % {"group": group.label, "size": _n(group.size)}
        )
    hidden = len(report.groups) - len(sized)
    if hidden:
        lines.append(
            ngettext(
                "%(count)s group has fewer than %(min)s people; its size and views are not shown.",
                "%(count)s groups have fewer than %(min)s people; "
                "their sizes and views are not shown.",
                hidden,
            )
            % {"count": _n(hidden), "min": MIN_PEOPLE}
        )
    agreed = [line for line in report.consensus if line.side == "agree"]
    if agreed:
        lines.append(
            ngettext(
                "%(count)s statement has broad agreement across the groups.",
                "%(count)s statements have broad agreement across the groups.",
                len(agreed),
            )
            % {"count": _n(len(agreed))}
        )
    if report.divisive:
        lines.append(
            ngettext(
                "%(count)s statement divides the groups.",
                "%(count)s statements divide the groups.",
                len(report.divisive),
            )
            % {"count": _n(len(report.divisive))}
        )
    return lines


def report_json(report: Report, *, conversation_slug: str) -> dict[str, Any]:
    """The report's aggregates as plain JSON (no participant, no position, nothing < 5)."""

    def share(value: Share | None) -> dict[str, int] | None:
        return value.as_dict() if value else None

    def statement(value: StatementRef) -> dict[str, Any]:
        return {"number": value.number, "text": value.text, "language": value.language}

    return {
        "conversation": conversation_slug,
        "status": report.status,
        "computed_at": report.computed_at.isoformat() if report.computed_at else None,
        "updating": report.updating,
        "counts": {
            "votes": report.n_votes,
            "participants": report.n_participants,
            "statements": report.n_statements,
            "placed": report.placed,
        },
        "min_people": MIN_PEOPLE,
        "groups": [
            {
                "id": g.id,
                "label": g.letter,
                "size": g.size,
                "suppressed": g.suppressed,
                "representative": [
                    {
                        "statement": statement(r.statement),
                        "side": r.side,
                        "group": share(r.group),
                        "rest": share(r.rest),
                    }
                    for r in g.representative
                ],
            }
            for g in report.groups
        ],
        "consensus": [
            {"statement": statement(c.statement), "side": c.side, "votes": share(c.share)}
            for c in report.consensus
        ],
        "divisive": [
            {
                "statement": statement(d.statement),
                "most_agreeing_group": d.most or None,
                "least_agreeing_group": d.least or None,
                "groups": {gs.letter: share(gs.share) for gs in d.groups},
            }
            for d in report.divisive
        ],
        "statements": [
            {
                "statement": statement(row.statement),
                "votes": share(row.share),
                "groups": {gs.letter: share(gs.share) for gs in row.groups},
            }
            for row in report.statements
        ],
        "actor_types": None
        if report.lens is None
        else {
            "columns": [asdict(c) for c in report.lens.columns],
            "statements": [
                {
                    "statement": statement(row.statement),
                    "votes": [share(c) for c in row.cells],
                }
                for row in report.lens.rows
            ],
            "groups": [
                {
                    "actor_type": c.actor_type,
                    "people_per_group": dict(
                        zip([group_letter(g) for g in range(len(r.cells))], r.cells, strict=True)
                    ),
                }
                for c, r in zip(report.lens.columns, report.lens.group_rows, strict=True)
            ],
            "hidden_actor_types": report.lens.hidden_actor_types,
        },
    }
