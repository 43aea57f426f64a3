"""The knowledge base: sources, findings, recommendations, context facts, themes,
the four big questions and their seed statements, with revision history.

Every text field comes as a Swedish/English pair (``title_sv``/``title_en``);
``localized(obj, "title")`` picks the one for the active language.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from verkstad.accounts.models import ActorType
from verkstad.knowledge.codes import validate_esco_uris, validate_ssyk_codes
from verkstad.knowledge.readability import lix


def localized(obj: object, field: str) -> str:
    """The Swedish or English value of a field pair, by the active language.

    Falls back to the other language only when the active one is empty.
    """
    lang = "en" if (get_language() or "sv").startswith("en") else "sv"
    other = "sv" if lang == "en" else "en"
    return getattr(obj, f"{field}_{lang}") or getattr(obj, f"{field}_{other}")


class LocalizedText:
    """``finding.title`` reads ``title_sv`` or ``title_en`` by the active language."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.field = name

    def __get__(self, obj: object, owner: type | None = None) -> object:
        if obj is None:
            return self
        return localized(obj, self.field)


class VerificationStatus(models.TextChoices):
    """The dossier's marks: ✔ primary, ◐ secondary only, ⚠ not verified."""

    VERIFIED = "verified", _("Verified in a primary source")
    SECONDARY = "secondary", _("Seen only in a secondary source")
    UNVERIFIED = "unverified", _("Not yet verified in the original source")


class EditorialStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")


class EvidenceType(models.TextChoices):
    CASE_STUDY = "case_study", _("Case study")
    INTERVIEWS = "interviews", _("Interviews")
    SURVEY = "survey", _("Survey")
    ETHNOGRAPHY = "ethnography", _("Ethnography")
    MIXED = "mixed", _("Mixed methods")
    REVIEW = "review", _("Review or synthesis")
    STATISTICS = "statistics", _("Statistics")
    WORKSHOPS = "workshops", _("Workshops")


class PublicationType(models.TextChoices):
    ARTICLE = "article", _("Journal article")
    REPORT = "report", _("Report")
    THESIS = "thesis", _("Doctoral thesis")
    WEBPAGE = "webpage", _("Web page")
    NEWS = "news", _("News or trade-press article")


class RecommendationHeading(models.TextChoices):
    WORK_DESIGN = "work_design", _("Work design")
    ORGANISING = "organising", _("Organising")
    LEADERSHIP = "leadership", _("Leadership")


class LoadedContent(models.Model):
    """A row that ``load_content`` can write: remembers the hash of what it loaded.

    When the row's current content no longer hashes to ``content_hash``, an editor
    has changed it since the last load, and loading leaves it alone (see
    ``verkstad.knowledge.loader``).
    """

    content_hash = models.CharField(_("content hash of the last load"), max_length=64, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Theme(LoadedContent):
    slug = models.SlugField(_("slug"), unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return localized(self, "title")

    title = LocalizedText()

    description = LocalizedText()

    def get_absolute_url(self) -> str:
        return reverse("knowledge:theme_detail", args=[self.slug])


class BigQuestion(LoadedContent):
    slug = models.SlugField(_("slug"), unique=True)
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        verbose_name = _("big question")
        verbose_name_plural = _("big questions")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"Q{self.number} {localized(self, 'title')}"

    title = LocalizedText()

    description = LocalizedText()

    def get_absolute_url(self) -> str:
        return reverse("knowledge:question_detail", args=[self.slug])


class Source(LoadedContent):
    slug = models.SlugField(_("slug"), unique=True)
    code = models.CharField(
        _("dossier code"), max_length=10, blank=True, help_text=_("For example P6 or A.")
    )
    publication_type = models.CharField(
        _("publication type"), max_length=20, choices=PublicationType.choices
    )
    authors = models.JSONField(
        _("authors"), default=list, blank=True, help_text=_("A list of names, as published.")
    )
    corporate_author = models.CharField(_("corporate author"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    date = models.CharField(_("date"), max_length=10, blank=True, help_text=_("YYYY-MM-DD"))
    title = models.CharField(_("title as published"), max_length=400)
    title_gloss_sv = models.CharField(_("title in Swedish"), max_length=400, blank=True)
    title_gloss_en = models.CharField(_("title in English"), max_length=400, blank=True)
    container = models.CharField(_("journal, series or website"), max_length=300, blank=True)
    volume = models.CharField(_("volume"), max_length=20, blank=True)
    issue = models.CharField(_("issue"), max_length=20, blank=True)
    pages = models.CharField(_("pages"), max_length=20, blank=True)
    report_number = models.CharField(_("report number"), max_length=40, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    doi = models.CharField(_("DOI"), max_length=200, blank=True)
    urn = models.CharField(_("URN"), max_length=200, blank=True)
    isbn = models.CharField(_("ISBN"), max_length=20, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=5, blank=True)
    open_access = models.BooleanField(_("open access"), default=False)
    abstract_sv = models.TextField(_("summary (Swedish)"), blank=True)
    abstract_en = models.TextField(_("summary (English)"), blank=True)
    verification = models.CharField(
        _("verification"), max_length=20, choices=VerificationStatus.choices
    )
    verification_note_sv = models.TextField(_("verification note (Swedish)"), blank=True)
    verification_note_en = models.TextField(_("verification note (English)"), blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["code", "slug"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    title_gloss = LocalizedText()

    abstract = LocalizedText()

    verification_note = LocalizedText()

    def get_absolute_url(self) -> str:
        return reverse("knowledge:source_detail", args=[self.slug])


class FindingQuerySet(models.QuerySet["Finding"]):
    def published(self) -> FindingQuerySet:
        return self.filter(status=EditorialStatus.PUBLISHED)


class Finding(LoadedContent):
    slug = models.SlugField(_("slug"), unique=True)
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    status = models.CharField(
        _("editorial status"),
        max_length=20,
        choices=EditorialStatus.choices,
        default=EditorialStatus.DRAFT,
    )
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    claim_sv = models.TextField(_("claim (Swedish)"))
    claim_en = models.TextField(_("claim (English)"))
    summary_sv = models.TextField(_("plain summary (Swedish)"))
    summary_en = models.TextField(_("plain summary (English)"))
    easy_read_sv = models.TextField(_("easy-to-read version (Swedish)"), blank=True)
    easy_read_en = models.TextField(_("easy-to-read version (English)"), blank=True)
    summary_lix = models.PositiveSmallIntegerField(
        _("LIX of the Swedish summary"), null=True, blank=True, editable=False
    )
    evidence_type = models.CharField(
        _("evidence type"), max_length=20, choices=EvidenceType.choices
    )
    evidence_strength = models.PositiveSmallIntegerField(
        _("evidence strength"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1–5, scored with the public rubric."),
    )
    strength_reason_sv = models.TextField(_("why this strength (Swedish)"))
    strength_reason_en = models.TextField(_("why this strength (English)"))
    companies = models.PositiveSmallIntegerField(_("number of companies"), null=True, blank=True)
    people = models.PositiveSmallIntegerField(_("number of people"), null=True, blank=True)
    sample_sv = models.CharField(_("sample (Swedish)"), max_length=300, blank=True)
    sample_en = models.CharField(_("sample (English)"), max_length=300, blank=True)
    mechanism_technical_sv = models.TextField(_("technical side (Swedish)"), blank=True)
    mechanism_technical_en = models.TextField(_("technical side (English)"), blank=True)
    mechanism_organisational_sv = models.TextField(_("organisational side (Swedish)"), blank=True)
    mechanism_organisational_en = models.TextField(_("organisational side (English)"), blank=True)
    context_sv = models.TextField(_("context and conditions (Swedish)"), blank=True)
    context_en = models.TextField(_("context and conditions (English)"), blank=True)
    verification = models.CharField(
        _("verification"), max_length=20, choices=VerificationStatus.choices
    )
    verification_note_sv = models.TextField(_("verification note (Swedish)"), blank=True)
    verification_note_en = models.TextField(_("verification note (English)"), blank=True)
    ssyk_codes = models.JSONField(
        _("SSYK 2012 codes"), default=list, blank=True, validators=[validate_ssyk_codes]
    )
    esco_skills = models.JSONField(
        _("ESCO skill URIs"), default=list, blank=True, validators=[validate_esco_uris]
    )
    themes = models.ManyToManyField(Theme, related_name="findings", blank=True)
    questions = models.ManyToManyField(BigQuestion, related_name="findings", blank=True)
    related = models.ManyToManyField("self", blank=True)
    sources = models.ManyToManyField(Source, through="FindingSource", related_name="findings")
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)

    title = LocalizedText()
    claim = LocalizedText()
    summary = LocalizedText()
    easy_read = LocalizedText()
    strength_reason = LocalizedText()
    sample = LocalizedText()
    mechanism_technical = LocalizedText()
    mechanism_organisational = LocalizedText()
    context = LocalizedText()
    verification_note = LocalizedText()

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {localized(self, 'title')}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.summary_lix = round(lix(self.summary_sv)) if self.summary_sv else None
        if self.status == EditorialStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("knowledge:finding_detail", args=[self.slug])


class FindingSource(models.Model):
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    locator = models.CharField(
        _("page or section"), max_length=100, blank=True, help_text=_("For example p. 12 or §2.")
    )

    class Meta:
        verbose_name = _("cited source")
        verbose_name_plural = _("cited sources")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["finding", "source"], name="unique_finding_source")
        ]

    def __str__(self) -> str:
        return f"{self.finding.number} ← {self.source}"


class FindingAudience(models.Model):
    """What a finding means for one actor type ("vad betyder det för …")."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="audiences")
    actor_type = models.CharField(_("actor type"), max_length=20, choices=ActorType.choices)
    text_sv = models.TextField(_("text (Swedish)"))
    text_en = models.TextField(_("text (English)"))

    class Meta:
        verbose_name = _("what it means for")
        verbose_name_plural = _("what it means for")
        constraints = [
            models.UniqueConstraint(
                fields=["finding", "actor_type"], name="unique_finding_audience"
            )
        ]

    def __str__(self) -> str:
        return f"{self.finding.number}: {self.get_actor_type_display()}"

    text = LocalizedText()


class Recommendation(LoadedContent):
    slug = models.SlugField(_("slug"), unique=True)
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    heading = models.CharField(_("heading"), max_length=20, choices=RecommendationHeading.choices)
    text_sv = models.TextField(_("text (Swedish)"))
    text_en = models.TextField(_("text (English)"))
    verification = models.CharField(
        _("verification"), max_length=20, choices=VerificationStatus.choices
    )
    verification_note_sv = models.TextField(_("verification note (Swedish)"), blank=True)
    verification_note_en = models.TextField(_("verification note (English)"), blank=True)
    sources = models.ManyToManyField(Source, related_name="recommendations")
    findings = models.ManyToManyField(Finding, related_name="recommendations", blank=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"R{self.number} {localized(self, 'text')}"

    text = LocalizedText()

    verification_note = LocalizedText()


class ContextFact(LoadedContent):
    """A figure or fact about steel towns, with where it comes from and its year."""

    slug = models.SlugField(_("slug"), unique=True)
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    text_sv = models.TextField(_("text (Swedish)"))
    text_en = models.TextField(_("text (English)"))
    source_citation = models.CharField(_("source"), max_length=400)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    verification = models.CharField(
        _("verification"), max_length=20, choices=VerificationStatus.choices
    )
    verification_note_sv = models.TextField(_("verification note (Swedish)"), blank=True)
    verification_note_en = models.TextField(_("verification note (English)"), blank=True)
    themes = models.ManyToManyField(Theme, related_name="context_facts", blank=True)

    class Meta:
        verbose_name = _("context fact")
        verbose_name_plural = _("context facts")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"C{self.number}"

    text = LocalizedText()

    verification_note = LocalizedText()


class SeedStatement(models.Model):
    """A short claim to start a dialogue, under one big question."""

    question = models.ForeignKey(
        BigQuestion, on_delete=models.CASCADE, related_name="seed_statements"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text_sv = models.CharField(_("text (Swedish)"), max_length=300)
    text_en = models.CharField(_("text (English)"), max_length=300)
    finding = models.ForeignKey(
        Finding,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="seed_statements",
    )

    class Meta:
        verbose_name = _("seed statement")
        verbose_name_plural = _("seed statements")
        ordering = ["question__number", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "position"], name="unique_seed_statement_position"
            )
        ]

    def __str__(self) -> str:
        return f"Q{self.question.number}.{self.position} {localized(self, 'text')}"

    text = LocalizedText()


class RevisionOrigin(models.TextChoices):
    LOADER = "loader", _("Loaded from content files")
    ADMIN = "admin", _("Edited in the admin")


class Revision(models.Model):
    """A JSON snapshot of a content row after a save by an editor or the loader."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    snapshot = models.JSONField(_("snapshot"))
    origin = models.CharField(_("origin"), max_length=10, choices=RevisionOrigin.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id} @ {self.created_at:%Y-%m-%d %H:%M}"
