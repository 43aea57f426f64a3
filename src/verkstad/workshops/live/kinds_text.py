"""Activities that collect text from phones: word cloud, Q&A and the future workshop.

Each text a phone sends is a :class:`~.models.Contribution`. The phone's form carries a
``token`` made fresh for every render (:func:`new_token`); a retried POST with the same token
finds the text already stored and stores nothing (the unique constraint backs this up when
two retries race).

- **Word cloud** (``wordcloud``): a word or a short phrase (at most three words and
  :data:`WORD_MAX_CHARS` characters), up to :data:`WORDS_PER_PHONE` per phone. Words are
  grouped by their Snowball stems taken to the fixed point (``kompetensen`` and
  ``kompetens`` count together), without Swedish stop words (``data/stopwords_sv.txt``);
  the most common spelling names the group. Words on the offensive list
  (``data/offensive.txt``) are stored hidden and never shown; the facilitator can hide any
  other word, and later copies of a hidden word stay hidden.
- **Q&A** (``qa``): questions of at most :data:`QUESTION_MAX_CHARS` characters, one upvote
  per phone per question (set and unset, so a retry is harmless), moderated before they are
  shown (``config["moderation"] == "pre"``) or after (the default). A question waiting for
  review is stored hidden with :data:`AWAITING` in ``cluster`` (Q&A has no groups).
- **Future workshop** (``future``): one activity per phase (``config["phase"]``: critique,
  vision, realisation). In the ``collect`` step phones send ideas; the facilitator groups
  them (``cluster``); in the ``vote`` step phones spread dots over the groups, stored as an
  :class:`~.models.Answer` ``{group label: dots}``. An idea in no group is a group of its own.

The facilitator's moves on these texts are the functions at the end (``*_hide``,
``question_moderate``, ``ideas_group`` …); each tells the room through
:func:`~.services.room_changed`.
"""

from __future__ import annotations

import hashlib
import math
import re
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Min
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verkstad.search.text import stem_words
from verkstad.search.text import words as split_words
from verkstad.workshops.live.kinds import KINDS, Kind, Results, Row, _share, dots_clean
from verkstad.workshops.live.models import (
    Activity,
    ActivityKind,
    Answer,
    Contribution,
    ContributionStatus,
    LiveSession,
    Upvote,
)

DATA = Path(__file__).parent / "data"

WORD_MAX_CHARS = 40
WORD_MAX_WORDS = 3
WORDS_PER_PHONE = 5
#: Words drawn in the cloud; the table lists them all.
CLOUD_WORDS = 60
CLOUD_SIZES = 5
QUESTION_MAX_CHARS = 280
QUESTIONS_PER_PHONE = 10
IDEA_MAX_CHARS = 200
IDEAS_PER_PHONE = 10
LABEL_MAX_CHARS = 80
#: Rows shown on the projector for Q&A; the facilitator's page lists every question.
BOARD_QUESTIONS = 30
DEFAULT_DOTS = 3

#: ``cluster`` of a Q&A question or future-workshop idea held back for review.
AWAITING = "~awaiting"

SHOWN = (ContributionStatus.VISIBLE, ContributionStatus.ANSWERED)

PHASES = ("critique", "vision", "realisation")
STEPS = ("collect", "vote")
MODERATION = ("post", "pre")

_TOKEN = re.compile(r"^[0-9A-Za-z-]{8,36}$")
_SPACE = re.compile(r"\s+")


# --- words ------------------------------------------------------------------------------


def _word_list(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.strip().lower() for line in lines if line.strip() and not line.startswith("#")]


@cache
def stopwords() -> frozenset[str]:
    return frozenset(_word_list("stopwords_sv.txt"))


@cache
def _offensive() -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    """(whole words, their stems, prefixes) from ``data/offensive.txt``."""
    entries = _word_list("offensive.txt")
    prefixes = tuple(e[:-1] for e in entries if e.endswith("*"))
    whole = frozenset(e for e in entries if not e.endswith("*"))
    return whole, frozenset(stem_words(sorted(whole), "sv")), prefixes


def is_offensive(text: str) -> bool:
    """Whether any word of ``text`` is on the offensive list (any inflection)."""
    tokens = split_words(text)
    if not tokens:
        return False
    whole, stems, prefixes = _offensive()
    for token, stem in zip(tokens, stem_words(tokens, "sv"), strict=True):
        if token in whole or stem in stems or token.startswith(prefixes):
            return True
    return False


def word_key(text: str) -> str:
    """What a word-cloud entry counts as: the stems of its words that are not stop words."""
    tokens = [t for t in split_words(text) if t not in stopwords()]
    return " ".join(stem_words(tokens, "sv"))


def tidy(text: str) -> str:
    """Spaces collapsed, ends trimmed."""
    return _SPACE.sub(" ", text or "").strip()


def new_token() -> str:
    """A fresh token for one render of a phone's form."""
    return str(uuid.uuid4())


def label_key(label: str) -> str:
    """A short stable name for a group label, for form fields and element ids."""
    return hashlib.blake2s(label.encode(), digest_size=5).hexdigest()


# --- storing texts ----------------------------------------------------------------------


def _token(data: QueryDict) -> str:
    token = data.get("token", "")
    if not _TOKEN.match(token):
        raise ValidationError(_("This form is out of date. Reload the page and send it again."))
    return token


def _already(activity: Activity, participant: Any, token: str) -> Contribution | None:
    return Contribution.objects.filter(
        activity=activity, participant=participant, token=token
    ).first()


def _store(activity: Activity, participant: Any, token: str, **fields: Any) -> Contribution:
    """Store a text once per token; a retry that races the first attempt gets its row."""
    try:
        with transaction.atomic():
            return Contribution.objects.create(
                activity=activity,
                participant=participant,
                token=token,
                created_at=timezone.now(),
                **fields,
            )
    except IntegrityError:
        existing = _already(activity, participant, token)
        if existing is None:
            raise
        return existing


def _check_cap(activity: Activity, participant: Any, cap: int, message: str) -> None:
    if Contribution.objects.filter(activity=activity, participant=participant).count() >= cap:
        raise ValidationError(message)


def _text(data: QueryDict, *, max_chars: int, empty: str) -> str:
    text = tidy(data.get("text", ""))
    if not text:
        raise ValidationError(empty)
    if len(text) > max_chars:
        raise ValidationError(
            _("At most %(max)d characters, please; this was %(n)d.")
            % {"max": max_chars, "n": len(text)}
        )
    return text


def _mine(activity: Activity, participant: Any) -> list[Contribution]:
    if participant is None:
        return []
    return list(Contribution.objects.filter(activity=activity, participant=participant))


class TextKind(Kind):
    stores = "contributions"

    def saved_message(self, activity: Activity) -> str:
        return _("Sent, thank you. You can send more while the question is open.")

    def clean(self, activity: Activity, data: QueryDict) -> Any:
        raise NotImplementedError


# --- word cloud -------------------------------------------------------------------------


@dataclass
class CloudWord:
    key: str
    label: str
    count: int
    size: int = 3
    forms: list[str] = field(default_factory=list)


def cloud_words(activity: Activity) -> list[CloudWord]:
    """The shown words grouped by stem, most common first (ties: the earlier first).

    The database counts each spelling, so a cloud of thousands of words reads a few hundred
    rows (it is re-rendered several times a second while words come in).
    """
    groups: dict[str, Counter[str]] = defaultdict(Counter)
    spellings = (
        activity.contributions.filter(status=ContributionStatus.VISIBLE)
        .exclude(normalised="")
        .values("normalised", "text")
        .annotate(n=Count("pk"), first=Min("pk"))
        .order_by("first")
    )
    for row in spellings:
        groups[row["normalised"]][row["text"]] += row["n"]
    words = [
        CloudWord(
            key=key,
            label=forms.most_common(1)[0][0],
            count=sum(forms.values()),
            forms=[form for form, _n in forms.most_common()],
        )
        for key, forms in groups.items()
    ]
    words.sort(key=lambda w: -w.count)  # stable: first-come order among equals
    top = words[0].count if words else 1
    for word in words:
        word.size = (
            1 + round((CLOUD_SIZES - 1) * math.log(word.count) / math.log(top))
            if top > 1
            else CLOUD_SIZES // 2 + 1
        )
    return words


def _middle_out(items: list[Any]) -> list[Any]:
    """Biggest in the middle, the rest alternating left and right: a cloud's shape."""
    left: list[Any] = []
    right: list[Any] = []
    for n, item in enumerate(items):
        (right if n % 2 == 0 else left).append(item)
    return left[::-1] + right


class WordCloud(TextKind):
    key = ActivityKind.WORDCLOUD

    def clean(self, activity: Activity, data: QueryDict) -> Any:
        text = _text(data, max_chars=WORD_MAX_CHARS, empty=_("Write a word or a few words."))
        tokens = split_words(text)
        if not tokens:
            raise ValidationError(_("Write a word with letters or digits."))
        if len(tokens) > WORD_MAX_WORDS:
            raise ValidationError(
                _("At most %(n)d words: a word or a short phrase.") % {"n": WORD_MAX_WORDS}
            )
        key = word_key(text)
        if not key:
            raise ValidationError(
                _("“%(word)s” is too common a word to count. Write one that says more.")
                % {"word": text}
            )
        return text, key

    def submit(self, activity: Activity, participant: Any, data: QueryDict) -> Any:
        token = _token(data)
        if (done := _already(activity, participant, token)) is not None:
            return done.text
        text, key = self.clean(activity, data)
        _check_cap(
            activity,
            participant,
            WORDS_PER_PHONE,
            ngettext(
                "You have sent %(n)d word, the most for this question.",
                "You have sent %(n)d words, the most for this question.",
                WORDS_PER_PHONE,
            )
            % {"n": WORDS_PER_PHONE},
        )
        hidden = (
            is_offensive(text)
            or activity.contributions.filter(
                normalised=key, status=ContributionStatus.HIDDEN
            ).exists()
        )
        status = ContributionStatus.HIDDEN if hidden else ContributionStatus.VISIBLE
        return _store(activity, participant, token, text=text, normalised=key, status=status).text

    def phone_context(self, activity: Activity, participant: Any) -> dict[str, Any]:
        mine = _mine(activity, participant)
        return {
            "token_value": new_token(),
            "mine": mine,
            "max_chars": WORD_MAX_CHARS,
            "cap": WORDS_PER_PHONE,
            "left": max(0, WORDS_PER_PHONE - len(mine)),
            "awaiting": AWAITING,
        }

    def results(self, activity: Activity) -> Results:
        words = cloud_words(activity)
        people = (
            activity.contributions.exclude(participant=None)
            .values("participant")
            .distinct()
            .count()
        )
        total = sum(w.count for w in words)
        rows = [
            Row(w.key, w.label, w.count, _share(w.count, total), {"size": w.size, "forms": w.forms})
            for w in words
        ]
        if words:
            top = ", ".join(f"{w.label} ({w.count})" for w in words[:5])
            summary = (
                ngettext("%(n)d word shown in the cloud.", "%(n)d words shown in the cloud.", total)
                % {"n": total}
                + " "
                + _("Most common: %(words)s.") % {"words": top}
            )
        else:
            summary = _("No words yet.")
        return Results(
            people,
            rows,
            summary=summary,
            extra={
                "cloud": _middle_out(rows[:CLOUD_WORDS]),
                "board": rows[:CLOUD_WORDS],
                "more": max(0, len(rows) - CLOUD_WORDS),
                "words": total,
            },
        )


# --- Q&A --------------------------------------------------------------------------------


def qa_moderation(activity: Activity) -> str:
    mode = (activity.config or {}).get("moderation", "post")
    return mode if mode in MODERATION else "post"


class Questions(TextKind):
    key = ActivityKind.QA

    def clean(self, activity: Activity, data: QueryDict) -> Any:
        return _text(data, max_chars=QUESTION_MAX_CHARS, empty=_("Write your question."))

    def submit(self, activity: Activity, participant: Any, data: QueryDict) -> Any:
        if "upvote" in data:
            return self._upvote(activity, participant, data)
        token = _token(data)
        if (done := _already(activity, participant, token)) is not None:
            return done.text
        text = self.clean(activity, data)
        _check_cap(
            activity,
            participant,
            QUESTIONS_PER_PHONE,
            ngettext(
                "You have asked %(n)d question, the most for this session part.",
                "You have asked %(n)d questions, the most for this session part.",
                QUESTIONS_PER_PHONE,
            )
            % {"n": QUESTIONS_PER_PHONE},
        )
        held = qa_moderation(activity) == "pre" or is_offensive(text)
        fields: dict[str, Any] = {"text": text, "status": ContributionStatus.VISIBLE}
        if held:
            fields.update(status=ContributionStatus.HIDDEN, cluster=AWAITING)
        return _store(activity, participant, token, **fields).text

    def _upvote(self, activity: Activity, participant: Any, data: QueryDict) -> Any:
        try:
            pk = int(data.get("upvote", ""))
        except ValueError:
            pk = 0
        question = activity.contributions.filter(pk=pk, status=ContributionStatus.VISIBLE).first()
        if question is None:
            raise ValidationError(_("This question is no longer open for upvotes."))
        if question.participant_id == participant.pk:
            raise ValidationError(_("You cannot upvote your own question."))
        if data.get("vote", "1") == "1":
            Upvote.objects.get_or_create(contribution=question, participant=participant)
            return True
        Upvote.objects.filter(contribution=question, participant=participant).delete()
        return False

    def phone_context(self, activity: Activity, participant: Any) -> dict[str, Any]:
        mine = _mine(activity, participant)
        upvoted = set(
            Upvote.objects.filter(
                contribution__activity=activity, participant=participant
            ).values_list("contribution_id", flat=True)
        )
        room = [
            {"question": q, "upvoted": q.pk in upvoted}
            for q in activity.contributions.filter(status=ContributionStatus.VISIBLE)
            .exclude(participant=participant)
            .order_by("-created_at", "-pk")[:50]
        ]
        return {
            "token_value": new_token(),
            "mine": mine,
            "room": room,
            "max_chars": QUESTION_MAX_CHARS,
            "left": max(0, QUESTIONS_PER_PHONE - len(mine)),
            "awaiting": AWAITING,
            "premoderated": qa_moderation(activity) == "pre",
        }

    def results(self, activity: Activity) -> Results:
        questions = list(
            activity.contributions.filter(status__in=SHOWN)
            .annotate(votes=Count("upvotes"))
            .order_by("-votes", "created_at", "pk")
        )
        # Answered questions go to the end: the room has dealt with them.
        questions.sort(key=lambda q: q.status == ContributionStatus.ANSWERED)
        rows = [
            Row(
                str(q.pk),
                q.text,
                q.votes,
                extra={"answered": q.status == ContributionStatus.ANSWERED},
            )
            for q in questions
        ]
        if rows:
            top = rows[0]
            summary = (
                ngettext("%(n)d question.", "%(n)d questions.", len(rows)) % {"n": len(rows)}
                + " "
                + ngettext(
                    "Most upvoted: “%(text)s” (%(votes)d upvote).",
                    "Most upvoted: “%(text)s” (%(votes)d upvotes).",
                    top.count,
                )
                % {"text": top.label, "votes": top.count}
            )
        else:
            summary = _("No questions yet.")
        return Results(
            len(rows),
            rows,
            summary=summary,
            extra={"board": rows[:BOARD_QUESTIONS], "more": max(0, len(rows) - BOARD_QUESTIONS)},
        )


# --- future workshop --------------------------------------------------------------------


def future_phase(activity: Activity) -> str:
    phase = (activity.config or {}).get("phase", "")
    return phase if phase in PHASES else ""


def future_step(activity: Activity) -> str:
    step = (activity.config or {}).get("step", "collect")
    return step if step in STEPS else "collect"


def future_dots(activity: Activity) -> int:
    try:
        return max(1, min(10, int((activity.config or {}).get("dots", DEFAULT_DOTS))))
    except (TypeError, ValueError):
        return DEFAULT_DOTS


@dataclass
class Cluster:
    label: str
    ideas: list[Contribution]

    @property
    def key(self) -> str:
        return label_key(self.label)


def idea_label(idea: Contribution) -> str:
    """The group an idea is in: its cluster label, or its own text when it has none."""
    return idea.cluster or idea.text[:LABEL_MAX_CHARS]


def future_clusters(activity: Activity) -> list[Cluster]:
    """The shown ideas in their groups, groups in the order their first idea came in."""
    clusters: dict[str, Cluster] = {}
    for idea in activity.contributions.filter(status__in=SHOWN).order_by("created_at", "pk"):
        label = idea_label(idea)
        clusters.setdefault(label, Cluster(label, [])).ideas.append(idea)
    return list(clusters.values())


class Future(TextKind):
    key = ActivityKind.FUTURE

    def saved_message(self, activity: Activity) -> str:
        if future_step(activity) == "vote":
            return super(TextKind, self).saved_message(activity)
        return super().saved_message(activity)

    def setup_errors(self, activity: Activity) -> list[str]:
        if not future_phase(activity):
            return [
                _(
                    "A future-workshop phase is made with “Add a future workshop” on the "
                    "session's page, which sets its phase."
                )
            ]
        if future_step(activity) == "vote" and len(future_clusters(activity)) < 2:
            return [_("Voting needs at least two groups of ideas.")]
        return []

    def clean(self, activity: Activity, data: QueryDict) -> Any:
        if future_step(activity) == "collect":
            return _text(data, max_chars=IDEA_MAX_CHARS, empty=_("Write your idea."))
        clusters = future_clusters(activity)
        return dots_clean(data, {c.key: c.label for c in clusters}, future_dots(activity))

    def submit(self, activity: Activity, participant: Any, data: QueryDict) -> Any:
        if future_step(activity) == "vote":
            return super().submit(activity, participant, data)  # one Answer per phone
        token = _token(data)
        if (done := _already(activity, participant, token)) is not None:
            return done.text
        text = self.clean(activity, data)
        _check_cap(
            activity,
            participant,
            IDEAS_PER_PHONE,
            ngettext(
                "You have sent %(n)d idea, the most for this phase.",
                "You have sent %(n)d ideas, the most for this phase.",
                IDEAS_PER_PHONE,
            )
            % {"n": IDEAS_PER_PHONE},
        )
        fields: dict[str, Any] = {"text": text}
        if is_offensive(text):
            fields.update(status=ContributionStatus.HIDDEN, cluster=AWAITING)
        return _store(activity, participant, token, **fields).text

    def phone_context(self, activity: Activity, participant: Any) -> dict[str, Any]:
        step = future_step(activity)
        context: dict[str, Any] = {"step": step, "phase": future_phase(activity)}
        if step == "collect":
            mine = _mine(activity, participant)
            context.update(
                token_value=new_token(),
                mine=mine,
                max_chars=IDEA_MAX_CHARS,
                left=max(0, IDEAS_PER_PHONE - len(mine)),
                awaiting=AWAITING,
            )
            return context
        answer = Answer.objects.filter(activity=activity, participant=participant).first()
        given = answer.value if answer and isinstance(answer.value, dict) else {}
        context.update(
            dots=future_dots(activity),
            voted=bool(given),
            clusters=[
                {"cluster": c, "mine": given.get(c.label, 0)} for c in future_clusters(activity)
            ],
        )
        return context

    def results(self, activity: Activity) -> Results:
        clusters = future_clusters(activity)
        step = future_step(activity)
        if step == "collect":
            ideas = sum(len(c.ideas) for c in clusters)
            people = (
                activity.contributions.exclude(participant=None)
                .values("participant")
                .distinct()
                .count()
            )
            rows = [
                Row(c.key, c.label, len(c.ideas), _share(len(c.ideas), ideas), {"ideas": c.ideas})
                for c in clusters
            ]
            if ideas:
                summary = ngettext(
                    "%(n)d idea so far, in %(groups)d groups.",
                    "%(n)d ideas so far, in %(groups)d groups.",
                    ideas,
                ) % {"n": ideas, "groups": len(clusters)}
            else:
                summary = _("No ideas yet.")
            return Results(people, rows, summary=summary, extra={"step": step, "ideas": ideas})
        labels = {c.label for c in clusters}
        totals: Counter[str] = Counter()
        voters = 0
        for value in Answer.objects.filter(activity=activity).values_list("value", flat=True):
            if not isinstance(value, dict):
                continue
            counted = {k: int(v) for k, v in value.items() if k in labels and int(v) > 0}
            if counted:
                voters += 1
                totals.update(counted)
        all_dots = sum(totals.values())
        clusters.sort(key=lambda c: -totals[c.label])
        rows = [
            Row(
                c.key,
                c.label,
                totals[c.label],
                _share(totals[c.label], all_dots),
                {"ideas": c.ideas},
            )
            for c in clusters
        ]
        if voters:
            summary = (
                ngettext(
                    "%(n)d person placed %(dots)d dots.",
                    "%(n)d people placed %(dots)d dots.",
                    voters,
                )
                % {"n": voters, "dots": all_dots}
                + " "
                + "; ".join(f"{r.label}: {r.count}" for r in rows)
            )
        else:
            summary = _("No votes yet.")
        return Results(voters, rows, summary=summary, extra={"step": step, "dots": all_dots})


KINDS.update({k.key: k for k in (WordCloud(), Questions(), Future())})


# --- the facilitator's moves ------------------------------------------------------------


class Refusal(Exception):
    """A facilitator's move that cannot be made, with the reason in their language."""


def _changed(activity: Activity, *, phones_refetch: bool = False) -> None:
    from verkstad.workshops.live.services import room_changed

    if phones_refetch:
        # The phones' state token includes the session's version: bump it so each phone
        # fetches the activity again (its form changes with the step).
        LiveSession.objects.filter(pk=activity.session_id).update(version=F("version") + 1)
    room_changed(activity.session_id)


def word_hide(*, activity: Activity, key: str, hide: bool) -> int:
    """Hide (or show again) every copy of a word-cloud word; returns how many changed."""
    rows = activity.contributions.filter(normalised=key)
    if not hide:
        texts = list(rows.values_list("text", flat=True))
        if not texts or any(is_offensive(t) for t in texts):
            raise Refusal(_("This word stays hidden: it is on the offensive-word list."))
        changed = rows.update(status=ContributionStatus.VISIBLE)
    else:
        changed = rows.update(status=ContributionStatus.HIDDEN)
    _changed(activity)
    return changed


QUESTION_ACTIONS = ("approve", "hide", "answered", "reopen")


def question_moderate(*, activity: Activity, contribution: Contribution, action: str) -> str:
    """approve / hide / answered / reopen one question (or future-workshop idea)."""
    if contribution.activity_id != activity.pk or action not in QUESTION_ACTIONS:
        raise Refusal(_("Unknown action."))
    status = {
        "approve": ContributionStatus.VISIBLE,
        "reopen": ContributionStatus.VISIBLE,
        "hide": ContributionStatus.HIDDEN,
        "answered": ContributionStatus.ANSWERED,
    }[action]
    contribution.status = status
    if contribution.cluster == AWAITING:
        contribution.cluster = ""
    contribution.save(update_fields=["status", "cluster"])
    _changed(activity)
    return {
        "approve": _("The question is shown."),
        "reopen": _("The question is shown again."),
        "hide": _("The question is hidden."),
        "answered": _("The question is marked as answered."),
    }[action]


def qa_moderation_set(*, activity: Activity, mode: str) -> None:
    if mode not in MODERATION:
        raise Refusal(_("Choose whether questions are shown at once or after review."))
    activity.config = {**(activity.config or {}), "moderation": mode}
    activity.save(update_fields=["config"])
    _changed(activity, phones_refetch=True)


def ideas_group(*, activity: Activity, labels: dict[int, str], hidden: set[int]) -> int:
    """Give ideas their group labels ("" = a group of its own) and hide or show them.

    ``labels`` names every idea on the facilitator's form; those in ``hidden`` are hidden,
    the others shown (an idea held back by the offensive-word filter too). Dots already
    placed on a group whose label disappeared are dropped, since that group no longer
    exists; merge groups with :func:`clusters_merge` to keep them.
    """
    changed = 0
    with transaction.atomic():
        for idea in activity.contributions.filter(pk__in=labels):
            label = tidy(labels[idea.pk])[:LABEL_MAX_CHARS]
            if idea.pk in hidden:
                status = ContributionStatus.HIDDEN
            elif idea.status == ContributionStatus.HIDDEN:
                status = ContributionStatus.VISIBLE
            else:
                status = idea.status
            if (label, status) != (idea.cluster, idea.status):
                idea.cluster, idea.status = label, status
                idea.save(update_fields=["cluster", "status"])
                changed += 1
    _changed(activity, phones_refetch=future_step(activity) == "vote")
    return changed


def clusters_merge(*, activity: Activity, source: str, target: str) -> int:
    """Move every idea of group ``source`` into group ``target``, with the dots on it."""
    clusters = {c.label: c for c in future_clusters(activity)}
    if source not in clusters or target not in clusters or source == target:
        raise Refusal(_("Choose two different groups."))
    ids = [idea.pk for idea in clusters[source].ideas]
    with transaction.atomic():
        # Ideas named by their own text take the target label too; so does the target's
        # ungrouped idea if the target is one.
        activity.contributions.filter(pk__in=[i.pk for i in clusters[target].ideas]).update(
            cluster=target
        )
        moved = activity.contributions.filter(pk__in=ids).update(cluster=target)
        for answer in Answer.objects.filter(activity=activity).select_for_update():
            value = answer.value if isinstance(answer.value, dict) else {}
            if source in value:
                value = dict(value)
                value[target] = int(value.get(target, 0)) + int(value.pop(source))
                answer.value = value
                answer.save(update_fields=["value"])
    _changed(activity, phones_refetch=future_step(activity) == "vote")
    return moved


def future_step_set(*, activity: Activity, step: str, dots: int | None = None) -> None:
    if step not in STEPS:
        raise Refusal(_("Unknown step."))
    config = {**(activity.config or {}), "step": step}
    if dots is not None:
        config["dots"] = max(1, min(10, dots))
    if step == "vote" and len(future_clusters(activity)) < 2:
        raise Refusal(_("Voting needs at least two groups of ideas."))
    activity.config = config
    activity.save(update_fields=["config"])
    _changed(activity, phones_refetch=True)


# Prompts for the three phases, stored on each activity in both languages (they are the
# activity's content, like a finding's text, so both are written here rather than
# translated on the fly). Robert Jungk's future workshop: critique, fantasy, realisation.
FUTURE_PROMPTS = {
    "critique": (
        "Kritik: vad fungerar inte i dag? Skriv ett problem i taget.",
        "Critique: what does not work today? Write one problem at a time.",
    ),
    "vision": (
        "Vision: hur ser det ut när det fungerar som allra bäst? Tänk fritt.",
        "Vision: what does it look like when it works at its very best? Think freely.",
    ),
    "realisation": (
        "Förverkligande: vad kan vi göra för att komma dit, och vem gör det?",
        "Realisation: what can we do to get there, and who does it?",
    ),
}


def future_workshop_create(
    *, session: LiveSession, topic_sv: str = "", topic_en: str = "", dots: int = DEFAULT_DOTS
) -> list[Activity]:
    """The three phases, added after the session's activities, each collecting first."""
    topic_sv, topic_en = tidy(topic_sv), tidy(topic_en) or tidy(topic_sv)
    position = (session.activities.aggregate(m=Max("position"))["m"] or 0) + 1
    activities = []
    with transaction.atomic():
        for n, phase in enumerate(PHASES):
            sv, en = FUTURE_PROMPTS[phase]
            activities.append(
                Activity.objects.create(
                    session=session,
                    position=position + n,
                    kind=ActivityKind.FUTURE,
                    prompt_sv=f"{topic_sv} – {sv}" if topic_sv else sv,
                    prompt_en=f"{topic_en} – {en}" if topic_en else en,
                    config={"phase": phase, "step": "collect", "dots": max(1, min(10, dots))},
                )
            )
    from verkstad.workshops.live.services import room_changed

    room_changed(session.pk)
    return activities
