"""What the impact record stores: knowledge-use records and page counters (docs/impact.md).

Nothing here is about a person. A :class:`KnowledgeUse` says which finding reached which
kind of organisation (actor type, municipality), through what, and what came of it; the
platform keeps one row per (finding, channel, outcome, actor type, municipality, source,
day) with a count, editors add one row per plan or decision that cites a finding. A
:class:`PageCount` is how many times one page was served on one day: no cookie, no
address, no user.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verkstad.accounts.models import ActorType, municipality_code_validator, validate_county_code
from verkstad.knowledge.models import Finding


class Channel(models.TextChoices):
    """How a finding reached an organisation."""

    BRIEF = "brief", _("Brief downloaded")
    MEETING = "meeting", _("Meeting")
    LIVE_SESSION = "live_session", _("Live session")
    DIALOGUE = "dialogue", _("Dialogue")
    OTHER = "other", _("Other channel")


class Outcome(models.TextChoices):
    """What came of it, from the weakest to the strongest sign of use."""

    REACHED = "reached", _("Reached")
    DISCUSSED = "discussed", _("Discussed")
    CITED_PLAN = "cited_plan", _("Cited in a plan")
    CITED_DECISION = "cited_decision", _("Cited in a decision")
    COMMITMENT = "commitment", _("Commitment made")


#: Outcomes an editor records through the form (the platform records the others).
EDITOR_OUTCOMES = (
    Outcome.CITED_PLAN,
    Outcome.CITED_DECISION,
    Outcome.COMMITMENT,
    Outcome.DISCUSSED,
)


class KnowledgeUse(models.Model):
    finding = models.ForeignKey(
        Finding,
        on_delete=models.PROTECT,
        related_name="knowledge_uses",
        verbose_name=_("finding"),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.REACHED
    )
    actor_type = models.CharField(
        _("actor type"), max_length=20, choices=ActorType.choices, blank=True
    )
    municipality_code = models.CharField(
        _("municipality code"),
        max_length=4,
        blank=True,
        validators=[municipality_code_validator, validate_county_code],
        help_text=_("SCB's four-digit municipality code; the first two digits are the county."),
    )
    county_code = models.CharField(
        _("county code"),
        max_length=2,
        blank=True,
        help_text=_("Set from the municipality code, or on its own when only the county is known."),
    )
    organisation_name = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("The organisation whose plan, decision or commitment this is."),
    )
    reference = models.CharField(
        _("reference"),
        max_length=400,
        blank=True,
        help_text=_("The plan or decision: its title, number or date, and the page."),
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    day = models.DateField(_("date"), default=timezone.localdate)
    count = models.PositiveIntegerField(_("count"), default=1, validators=[MinValueValidator(1)])
    #: Recorded by the platform itself (True) or by an editor (False).
    automatic = models.BooleanField(_("recorded by the platform"), default=False)
    #: What the platform counted ("briefs.brief:12"): the key its counter rows share.
    source_key = models.CharField(_("source"), max_length=80, blank=True, editable=False)
    source_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, editable=False
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    source_object = GenericForeignKey("source_type", "source_id")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("knowledge-use record")
        verbose_name_plural = _("knowledge-use records")
        ordering = ["-day", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "finding",
                    "channel",
                    "outcome",
                    "actor_type",
                    "municipality_code",
                    "county_code",
                    "source_key",
                    "day",
                ],
                condition=Q(automatic=True),
                name="impact_one_counter_per_day",
            )
        ]
        indexes = [models.Index(fields=["day", "channel"])]

    def __str__(self) -> str:
        return f"{self.finding_id} {self.channel} {self.outcome} {self.day}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.municipality_code and not self.county_code:
            self.county_code = self.municipality_code[:2]
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class PageKind(models.TextChoices):
    PAGE = "page", _("Page view")
    DOWNLOAD = "download", _("Download")


class PageCount(models.Model):
    """How many times one path was served (status 200) on one day. Nothing else."""

    day = models.DateField(_("date"))
    path = models.CharField(_("path"), max_length=300)
    #: The URL pattern's name ("knowledge:finding_detail"), to group pages of one kind.
    view_name = models.CharField(_("page type"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=PageKind.choices)
    count = models.PositiveBigIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("page count")
        verbose_name_plural = _("page counts")
        ordering = ["-day", "path"]
        constraints = [
            models.UniqueConstraint(fields=["day", "path", "kind"], name="impact_one_count_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.path} {self.count}"
