"""Live sessions, their participants, activities and answers.

Imported by :mod:`verkstad.workshops.models` so they belong to the ``workshops`` app.
Nothing here names a person: a participant is a random key in a signed cookie and a number
("Deltagare 17"); the declared actor type is optional, asked with a purpose and stored with
the time of consent.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verkstad.accounts.models import ActorType
from verkstad.knowledge.models import Finding, LocalizedText

# No 0/O, 1/I/L: a code read off a projector must not be ambiguous.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class SessionStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    ENDED = "ended", _("Ended")


class LiveSession(models.Model):
    meeting = models.ForeignKey(
        "workshops.Meeting", on_delete=models.CASCADE, related_name="live_sessions"
    )
    code = models.CharField(_("join code"), max_length=CODE_LENGTH, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.RUNNING
    )
    locked = models.BooleanField(_("closed to new participants"), default=False)
    current = models.ForeignKey(
        "workshops.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activity on screen"),
    )
    # Bumped by every facilitator action, so views can tell that the room changed.
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.code} ({self.meeting})"

    def get_absolute_url(self) -> str:
        return reverse("workshops:live_control", args=[self.code])

    @property
    def is_running(self) -> bool:
        return self.status == SessionStatus.RUNNING

    def join_url(self) -> str:
        return reverse("live_join:join_code", args=[self.code])


class LiveParticipant(models.Model):
    """A phone in the room: a random key (kept in a signed cookie) and a number."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="participants")
    key = models.UUIDField(unique=True)
    number = models.PositiveIntegerField()
    actor_type = models.CharField(
        _("taking part as"), max_length=20, choices=ActorType.choices, blank=True
    )
    consent_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)
    #: The dialogue participants this phone votes as in statement rounds (one per
    #: conversation, made on the first vote; see :mod:`.kinds_dialogue`).
    dialogue_participants = models.ManyToManyField(
        "dialogue.Participant", blank=True, related_name="live_participants"
    )

    class Meta:
        verbose_name = _("live participant")
        verbose_name_plural = _("live participants")
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="live_participant_number")
        ]

    def __str__(self) -> str:
        return f"#{self.number}"


class ActivityKind(models.TextChoices):
    POLL = "poll", _("Poll: pick one")
    POLL_MULTI = "poll_multi", _("Poll: pick several")
    SCALE = "scale", _("Scale 1–5")
    WORDCLOUD = "wordcloud", _("Word cloud")
    QA = "qa", _("Questions (Q&A)")
    STATEMENTS = "statements", _("Statement round")
    RANKING = "ranking", _("Ranking")
    DOTS = "dots", _("Dot voting")
    FUTURE = "future", _("Future workshop phase")


class ActivityState(models.TextChoices):
    DRAFT = "draft", _("Not started")
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed")


class LearningPhase(models.TextChoices):
    NONE = "", _("Not a learning check")
    BEFORE = "before", _("Before (learning check)")
    AFTER = "after", _("After (learning check)")


class Activity(models.Model):
    """One thing the room does together; what it needs lives in ``options``/``config``.

    ``options`` is a list of ``{"key", "sv", "en"}`` for polls, ranking and dot voting;
    ``config`` holds kind-specific settings (scale labels, dots per person, the
    future-workshop phase and step). See :mod:`.kinds`.
    """

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=ActivityKind.choices)
    prompt_sv = models.CharField(_("question (Swedish)"), max_length=300)
    prompt_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    options = models.JSONField(default=list, blank=True)
    config = models.JSONField(default=dict, blank=True)
    state = models.CharField(
        max_length=8, choices=ActivityState.choices, default=ActivityState.DRAFT
    )
    revealed = models.BooleanField(_("results shown"), default=False)
    finding = models.ForeignKey(
        Finding, on_delete=models.SET_NULL, null=True, blank=True, related_name="live_activities"
    )
    conversation = models.ForeignKey(
        "dialogue.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="live_activities",
    )
    learning_phase = models.CharField(
        _("learning check"), max_length=6, choices=LearningPhase.choices, blank=True, default=""
    )
    created_at = models.DateTimeField(default=timezone.now)

    prompt = LocalizedText()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.prompt_sv

    @property
    def is_open(self) -> bool:
        return self.state == ActivityState.OPEN


class Answer(models.Model):
    """A participant's current answer to a poll, scale, ranking or dot vote.

    One row per participant and activity: answering again replaces the answer, so a retried
    or doubled submit counts once.
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="answers")
    participant = models.ForeignKey(
        LiveParticipant, on_delete=models.CASCADE, related_name="answers"
    )
    value = models.JSONField()
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "participant"], name="live_one_answer_per_participant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}/{self.participant_id}"


class ContributionStatus(models.TextChoices):
    VISIBLE = "visible", _("Shown")
    HIDDEN = "hidden", _("Hidden by the facilitator")
    ANSWERED = "answered", _("Answered")


class Contribution(models.Model):
    """A word, question or idea someone sent in (word cloud, Q&A, future workshop).

    ``token`` is made by the phone for each submission, so a retry after a dropped connection
    is stored once.
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="contributions")
    participant = models.ForeignKey(
        LiveParticipant, on_delete=models.SET_NULL, null=True, related_name="contributions"
    )
    token = models.CharField(max_length=36)
    text = models.CharField(max_length=280)
    normalised = models.CharField(max_length=280, blank=True, db_index=True)
    status = models.CharField(
        max_length=8, choices=ContributionStatus.choices, default=ContributionStatus.VISIBLE
    )
    cluster = models.CharField(_("group"), max_length=80, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "participant", "token"],
                condition=Q(participant__isnull=False),
                name="live_contribution_once",
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Upvote(models.Model):
    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="upvotes")
    participant = models.ForeignKey(
        LiveParticipant, on_delete=models.CASCADE, related_name="upvotes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "participant"], name="live_one_upvote_per_participant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contribution_id}+{self.participant_id}"


class ReportFile(models.Model):
    """A session report's PDF in one language, made in the background and kept in storage.

    ``content_hash`` is the hash of the report document the stored PDF was made from; when
    the report changes, the next request queues a new render and the old PDF stays until it
    is replaced. ``requested_hash``/``requested_at`` stop a second render of the same content;
    ``error`` keeps the last failure for the facilitator.
    """

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="report_files")
    language = models.CharField(max_length=5)
    pdf = models.FileField(upload_to="live-reports/", blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    requested_hash = models.CharField(max_length=64, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "language"], name="live_report_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.session.code} ({self.language})"
