"""Where other apps plug their figures into the impact record (docs/impact.md).

Three lists of callables, each called with the report period's first and last day (both
inclusive, ``datetime.date``), each returning an iterable of rows. The impact app reads
them when a dashboard or report is made, so a source adds no write to its own hot path:

``ENGAGEMENT_SOURCES``
    ``(start, end) -> Iterable[EngagementRow | tuple]``: how many took part, by measure,
    actor type and region. A plain tuple ``(measure, actor_type, region, count)`` is fine.
``KNOWLEDGE_USE_SOURCES``
    ``(start, end) -> Iterable[KnowledgeUseRow]``: how many were reached by a finding, for
    channels whose records are derived rather than stored.
``LEARNING_SOURCES``
    ``(start, end) -> Iterable[LikertResult]``: answers to a before/after Likert item.

Rows are raw counts: the impact app sums them, suppresses every cell under five and keeps
the small cells out of every table and export. A source must return counts only, never a
person. The measures a source reports are named with :func:`measure_register` (their
label and description go into the report's codebook).

The built-in sources (dialogue, meetings) are in :mod:`verkstad.impact.sources`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class EngagementRow:
    #: A measure code named with :func:`measure_register` ("dialogue_votes").
    measure: str
    #: An ``accounts.ActorType`` value, or "" when not stated.
    actor_type: str
    #: A county ("20"), a municipality ("2081") or "" when not known.
    region: str
    count: int
    #: How many people the count is about, when the count is not people itself (votes).
    #: A cell about fewer than five people is suppressed whatever its count.
    people: int | None = None


@dataclass(frozen=True)
class KnowledgeUseRow:
    finding_id: int
    #: An ``impact.models.Channel`` value.
    channel: str
    #: An ``impact.models.Outcome`` value.
    outcome: str
    actor_type: str
    region: str
    count: int


@dataclass(frozen=True)
class LikertResult:
    """One Likert item asked before and after (a workshop, a live session)."""

    #: The statement or question as people saw it.
    item: str
    scale_min: int
    scale_max: int
    #: Number of answers per scale value, before and after.
    before: Mapping[int, int] = field(default_factory=dict)
    after: Mapping[int, int] = field(default_factory=dict)
    #: Where it was asked (a session's title), shown beside the item.
    context: str = ""
    #: The words at the two ends of the scale ("Not at all" … "Very much"), if any.
    low_label: str = ""
    high_label: str = ""


EngagementSource = Callable[[date, date], Iterable["EngagementRow | tuple"]]
KnowledgeUseSource = Callable[[date, date], Iterable[KnowledgeUseRow]]
LearningSource = Callable[[date, date], Iterable[LikertResult]]

ENGAGEMENT_SOURCES: list[EngagementSource] = []
KNOWLEDGE_USE_SOURCES: list[KnowledgeUseSource] = []
LEARNING_SOURCES: list[LearningSource] = []


@dataclass(frozen=True)
class Measure:
    code: str
    label: str | Promise
    description: str | Promise
    #: True when the count is a number of people (participations), not of acts.
    people: bool = True


MEASURES: dict[str, Measure] = {}


def measure_register(
    code: str, *, label: str | Promise, description: str | Promise, people: bool = True
) -> Measure:
    """Name a measure for tables, charts and the codebook; registering again replaces it."""
    measure = Measure(code=code, label=label, description=description, people=people)
    MEASURES[code] = measure
    return measure


def source_add(sources: list, source: Callable) -> None:
    """Append ``source`` to one of the lists once (``ready()`` may run twice in tests)."""
    if source not in sources:
        sources.append(source)


# The measures the platform itself reports, and the live sessions' (added by the workshops
# live app through ENGAGEMENT_SOURCES; named here so the codebook is complete).
measure_register(
    "dialogue_participants",
    label=_("Dialogue participants"),
    description=_(
        "People who voted or wrote a statement in a dialogue in the period; "
        "a person in two dialogues counts twice."
    ),
)
measure_register(
    "dialogue_votes",
    label=_("Dialogue votes"),
    description=_("Votes cast in dialogues in the period (agree, disagree or pass)."),
    people=False,
)
measure_register(
    "dialogue_statements",
    label=_("Dialogue statements"),
    description=_("Statements participants wrote in dialogues in the period, seeds left out."),
    people=False,
)
measure_register(
    "meeting_attendance",
    label=_("Meeting attendance"),
    description=_(
        "People who came to a published meeting held in the period (the confirmed places "
        "where the facilitator has not ticked who came); region is the meeting's municipality."
    ),
)
measure_register(
    "live_participants",
    label=_("Live-session participants"),
    description=_("People who joined a live workshop session held in the period."),
)
