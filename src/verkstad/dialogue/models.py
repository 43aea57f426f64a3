"""Conversations where local actors react to short statements, and the opinion maps of them.

A :class:`Conversation` holds :class:`Statement` s; a :class:`Participant` (a signed-in user or
an anonymous person bound to a signed cookie) casts :class:`Vote` s. Every vote is kept as
history; :class:`CurrentVote` holds the latest per participant and statement, which is what
counts. :class:`OpinionSnapshot` stores a computed opinion map; pages read snapshots and never
compute in a request.

Participants and statements carry a per-conversation ``number`` (Pol.is's ``participant`` and
``comment-id``): the only ids that leave the site in exports.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verkstad.accounts.models import ActorType
from verkstad.knowledge.models import BigQuestion, Finding, LocalizedText, SeedStatement


def _join_token() -> str:
    return secrets.token_urlsafe(12)


class Moderation(models.TextChoices):
    PRE = "pre", _("Pre-moderation: new statements wait for a moderator")
    POST = "post", _("Post-moderation: new statements show at once; moderators can reject them")


class Access(models.TextChoices):
    ANYONE = "anyone", _("Anyone with the address")
    LINK = "link", _("Only people with the join link")
    SIGNED_IN = "signed_in", _("Only signed-in users")


class Conversation(models.Model):
    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    topic_sv = models.CharField(_("topic (Swedish)"), max_length=200)
    topic_en = models.CharField(_("topic (English)"), max_length=200)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    question = models.ForeignKey(
        BigQuestion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversations",
        verbose_name=_("big question"),
    )
    findings = models.ManyToManyField(
        Finding, related_name="conversations", blank=True, verbose_name=_("findings")
    )
    is_open = models.BooleanField(_("open for votes"), default=True)
    moderation = models.CharField(
        _("moderation"), max_length=4, choices=Moderation.choices, default=Moderation.PRE
    )
    participants_may_add = models.BooleanField(_("participants may add statements"), default=True)
    access = models.CharField(
        _("who may join"), max_length=10, choices=Access.choices, default=Access.ANYONE
    )
    join_token = models.CharField(_("join token"), max_length=32, default=_join_token)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    #: Set when votes or statements changed after the latest snapshot was computed.
    map_stale_since = models.DateTimeField(null=True, blank=True)
    #: Set while a recomputation is queued or running (at most one in flight).
    map_running_since = models.DateTimeField(null=True, blank=True)

    topic = LocalizedText()
    description = LocalizedText()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("dialogue:conversation", args=[self.slug])


class Participant(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    #: Pol.is's ``participant``: 0, 1, 2… within the conversation; the id exports use.
    number = models.PositiveIntegerField(_("number"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dialogue_participations",
    )
    #: The anonymous participant's key, held in a signed cookie.
    anonymous_key = models.UUIDField(null=True, blank=True)
    actor_type = models.CharField(
        _("actor type"), max_length=20, choices=ActorType.choices, blank=True
    )
    municipality_code = models.CharField(_("municipality code"), max_length=4, blank=True)
    #: When the person agreed to store the declared role, and to which text version.
    declared_at = models.DateTimeField(null=True, blank=True)
    consent_version = models.CharField(max_length=20, blank=True)
    #: Imported from a Pol.is export (its participant id is ``number``).
    imported = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "number"], name="unique_participant_number"
            ),
            models.UniqueConstraint(
                fields=["conversation", "user"],
                condition=models.Q(user__isnull=False),
                name="unique_participant_user",
            ),
            models.UniqueConstraint(
                fields=["conversation", "anonymous_key"],
                condition=models.Q(anonymous_key__isnull=False),
                name="unique_participant_anonymous_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.conversation.slug} #{self.number}"

    @staticmethod
    def new_anonymous_key() -> uuid.UUID:
        return uuid.uuid4()


class StatementStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Statement(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="statements"
    )
    #: Pol.is's ``comment-id``: 0, 1, 2… within the conversation.
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("text"))
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="sv"
    )
    author = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=StatementStatus.choices, default=StatementStatus.PENDING
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    is_seed = models.BooleanField(_("seed statement"), default=False)
    #: Pol.is's "meta" flag: a statement about the conversation, left out of the map.
    is_meta = models.BooleanField(_("meta statement"), default=False)
    finding = models.ForeignKey(
        Finding,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dialogue_statements",
        verbose_name=_("finding"),
    )
    seed_statement = models.ForeignKey(
        SeedStatement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: A near-duplicate of an earlier statement, flagged to the moderator.
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    duplicate_score = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["conversation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "number"], name="unique_statement_number"
            )
        ]
        indexes = [models.Index(fields=["conversation", "status"])]

    def __str__(self) -> str:
        return self.text[:80]


class VoteValue(models.IntegerChoices):
    """Coded as Pol.is exports code them (and as ``verkstad.dialogue.math`` expects)."""

    AGREE = 1, _("Agree")
    DISAGREE = -1, _("Disagree")
    PASS = 0, _("Pass / unsure")


class Vote(models.Model):
    """Every vote ever cast, in order: the history."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(_("vote"), choices=VoteValue.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        indexes = [models.Index(fields=["statement", "participant"])]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.statement_id}: {self.value}"


class CurrentVote(models.Model):
    """The latest vote per participant and statement: the one that counts."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="current_votes"
    )
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="current_votes")
    #: Denormalised for fast per-conversation reads (the opinion-map task, exports).
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField(_("vote"), choices=VoteValue.choices)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "statement"], name="unique_current_vote")
        ]
        indexes = [models.Index(fields=["conversation", "statement"])]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.statement_id}: {self.value}"


class OpinionSnapshot(models.Model):
    """One computed opinion map, with the counts of what went into it."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="snapshots"
    )
    created_at = models.DateTimeField(default=timezone.now)
    n_participants = models.PositiveIntegerField(default=0)
    n_statements = models.PositiveIntegerField(default=0)
    n_votes = models.PositiveIntegerField(default=0)
    #: The newest vote the map saw (``Vote.pk``), to tell whether it is current.
    last_vote_id = models.BigIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    #: ``OpinionMap.to_dict(coordinates=False)`` plus what the report needs (lens, bars, map).
    data = models.JSONField(default=dict)
    #: The pipeline's continuity state (pickled ``OpinionMapState``) for the next run.
    state = models.BinaryField(null=True, blank=True)

    class Meta:
        verbose_name = _("opinion map")
        verbose_name_plural = _("opinion maps")
        get_latest_by = "created_at"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.conversation_id} @ {self.created_at:%Y-%m-%d %H:%M}"
