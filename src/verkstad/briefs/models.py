"""A brief: findings, local numbers and dialogue outcomes for one region, audience and
language, with an editor's introduction and its stored PDF (docs/briefs.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verkstad.accounts.models import ActorType, municipality_code_validator, validate_county_code
from verkstad.insight.reference import COUNTY_NAMES_SV


class BriefLanguage(models.TextChoices):
    SV = "sv", _("Swedish")
    EN = "en", _("English")


COUNTY_CHOICES = [(code, name) for code, name in COUNTY_NAMES_SV.items()]


class Brief(models.Model):
    """One (region, audience, language): what editors add, and the PDF made from it.

    The HTML brief is assembled on every request; the PDF is stored and remade when the
    hash of the assembled content (``content_hash`` is the hash the stored PDF was made
    from) no longer matches.
    """

    county = models.CharField(_("county"), max_length=2, choices=COUNTY_CHOICES)
    municipality_code = models.CharField(
        _("municipality code"),
        max_length=4,
        blank=True,
        validators=[municipality_code_validator, validate_county_code],
        help_text=_("Optional: SCB's four-digit code of a municipality in the county."),
    )
    audience = models.CharField(_("audience"), max_length=20, choices=ActorType.choices)
    language = models.CharField(_("language"), max_length=2, choices=BriefLanguage.choices)
    introduction = models.TextField(
        _("editor's introduction"),
        blank=True,
        help_text=_("A few sentences in the brief's language; blank lines separate paragraphs."),
    )
    conversations = models.ManyToManyField(
        "dialogue.Conversation",
        blank=True,
        related_name="briefs",
        verbose_name=_("dialogues held for this region"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    content_hash = models.CharField(
        _("content hash of the stored PDF"), max_length=64, blank=True, editable=False
    )
    pdf = models.FileField(_("PDF"), upload_to="briefs/", blank=True, editable=False)
    pdf_rendered_at = models.DateTimeField(_("PDF made"), null=True, blank=True, editable=False)
    pdf_error = models.TextField(_("last PDF error"), blank=True, editable=False)
    pdf_requested_hash = models.CharField(
        _("content hash of the last PDF request"), max_length=64, blank=True, editable=False
    )
    pdf_requested_at = models.DateTimeField(
        _("PDF requested"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("briefs")
        ordering = ["county", "municipality_code", "audience", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "municipality_code", "audience", "language"],
                name="unique_brief",
            )
        ]

    def __str__(self) -> str:
        region = self.municipality_code or self.county
        return f"{region} {self.audience} {self.language}"

    def get_absolute_url(self) -> str:
        return reverse("briefs:brief_detail", args=[self.region_code, self.audience, self.language])

    @property
    def region_code(self) -> str:
        return self.municipality_code or self.county
