"""Meetings with local actors: agenda, registrations, minutes, decisions, follow-up actions.

A :class:`Meeting` is organised by one or more organisations and has an agenda of
:class:`AgendaItem` s that may point at a finding, a conversation or a big question. People
sign up with a :class:`Registration` (confirmed, or on the waiting list when the meeting is
full). Afterwards the minutes, :class:`Decision` s and :class:`FollowUpAction` s are written;
open actions show on the agenda of the organisers' later meetings until they are closed.

Times are stored aware (UTC in the database) and shown in Europe/Stockholm.
Live sessions are in :mod:`verkstad.workshops.live` (docs/live-sessions.md).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from verkstad.accounts.models import (
    ActorType,
    Organisation,
    municipality_code_validator,
    validate_county_code,
)
from verkstad.knowledge.models import BigQuestion, Finding, LocalizedText


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft: only people who run meetings see it")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    organisers = models.ManyToManyField(
        Organisation, related_name="meetings", verbose_name=_("organisers")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit."),
    )
    audience_actor_types = models.JSONField(
        _("for actor types"), default=list, blank=True, help_text=_("Empty means everyone.")
    )
    audience_municipality_code = models.CharField(
        _("for municipality"),
        max_length=4,
        blank=True,
        validators=[municipality_code_validator, validate_county_code],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    minutes_sv = models.TextField(_("minutes (Swedish)"), blank=True)
    minutes_en = models.TextField(_("minutes (English)"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    title = LocalizedText()
    description = LocalizedText()
    minutes = LocalizedText()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title_sv

    def get_absolute_url(self) -> str:
        return reverse("workshops:meeting_detail", args=[self.slug])

    @property
    def audience_actor_type_labels(self) -> list[str]:
        labels = dict(ActorType.choices)
        return [str(labels[t]) for t in self.audience_actor_types if t in labels]

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def registration_open(self) -> bool:
        return self.status == MeetingStatus.PUBLISHED and self.starts_at > timezone.now()


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    finding = models.ForeignKey(
        Finding,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("finding"),
    )
    conversation = models.ForeignKey(
        "dialogue.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("conversation"),
    )
    question = models.ForeignKey(
        BigQuestion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("big question"),
    )

    title = LocalizedText()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title_sv


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    # Its own context: a cancelled registration is "avanmäld", a cancelled meeting "inställt".
    CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")


ACTIVE_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)


class Registration(models.Model):
    """One person's place (or place in the queue) at one meeting.

    ``user`` is cut when the account is erased; the row stays so the counts stay right.
    ``actor_type`` is what the person said they come as (for aggregate counts only).
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_registrations",
    )
    actor_type = models.CharField(
        _("coming as"), max_length=20, choices=ActorType.choices, blank=True
    )
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    promoted_at = models.DateTimeField(
        _("moved up from the waiting list at"), null=True, blank=True
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    attended = models.BooleanField(_("came to the meeting"), default=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(status__in=["confirmed", "waiting"], user__isnull=False),
                name="one_active_registration_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} – {self.get_status_display()}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class FollowUpAction(models.Model):
    """Something to do after a meeting: shown at the organisers' next meetings until closed."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    what = models.TextField(_("what"))
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_actions",
        verbose_name=_("owner organisation"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_date", "created_at", "pk"]

    def __str__(self) -> str:
        return self.what[:80]


# Live sessions live in their own module; importing them here puts them in this app.
from verkstad.workshops.live.models import (  # noqa: E402,F401
    Activity,
    ActivityKind,
    ActivityState,
    Answer,
    Contribution,
    ContributionStatus,
    LearningPhase,
    LiveParticipant,
    LiveSession,
    ReportFile,
    SessionStatus,
    Upvote,
)
