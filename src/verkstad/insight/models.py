"""Local insight: classifications, open labour-market data and what is derived from them.

Every imported row points at its :class:`DataSet`, which carries the version, the licence
and the attribution of the bundled folder it came from. Rows marked *derived* are
recomputed by ``import_labour_data`` after each import and never edited by hand.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _english() -> bool:
    return (get_language() or "sv").startswith("en")


class DataSet(models.Model):
    """One bundled data folder as imported: what, which version, under which licence."""

    slug = models.SlugField(_("slug"), primary_key=True, max_length=60)
    name = models.CharField(_("name"), max_length=200)
    publisher = models.CharField(_("publisher"), max_length=200)
    version = models.CharField(_("version"), max_length=100)
    licence = models.CharField(_("licence"), max_length=200)
    attribution = models.TextField(_("attribution"))
    url = models.URLField(_("URL"), max_length=300, blank=True)
    licence_text = models.TextField(_("licence note from SOURCE.md"), blank=True)
    files = models.JSONField(_("files and their SHA-256"), default=dict)
    row_count = models.PositiveIntegerField(_("rows imported"), default=0)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        verbose_name = _("data set")
        verbose_name_plural = _("data sets")
        ordering = ["slug"]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class SeriesBreak(models.Model):
    """A known break in a statistical series, shown on every chart that crosses it."""

    dataset = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="breaks")
    year_before = models.PositiveSmallIntegerField(_("last year before the break"))
    year_after = models.PositiveSmallIntegerField(_("first year after the break"))
    note_sv = models.TextField(_("note (Swedish)"))
    note_en = models.TextField(_("note (English)"))

    class Meta:
        verbose_name = _("series break")
        verbose_name_plural = _("series breaks")
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "year_before", "year_after"], name="unique_series_break"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dataset_id}: {self.year_before}→{self.year_after}"

    @property
    def note(self) -> str:
        return self.note_en if _english() else self.note_sv


class RegionKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    COUNTY = "county", _("County")


class Region(models.Model):
    """Sweden ("00") and its 21 counties, by SCB's county code."""

    code = models.CharField(_("code"), primary_key=True, max_length=4)
    kind = models.CharField(_("kind"), max_length=10, choices=RegionKind.choices)
    name_sv = models.CharField(_("name (Swedish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    dataset = models.ForeignKey(DataSet, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("insight:county_detail", args=[self.code])

    @property
    def name(self) -> str:
        return self.name_en if _english() else self.name_sv

    @property
    def is_county(self) -> bool:
        return self.kind == RegionKind.COUNTY


class SsykGroup(models.Model):
    """An SSYK 2012 group (levels 1–4) as SCB's statistics use it (incl. 1211/1212 …)."""

    code = models.CharField(_("code"), primary_key=True, max_length=4)
    level = models.PositiveSmallIntegerField(_("level"))
    label_sv = models.CharField(_("label (Swedish)"), max_length=300, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=300)
    dataset = models.ForeignKey(DataSet, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("SSYK group")
        verbose_name_plural = _("SSYK groups")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("insight:occupation_detail", args=[self.code])

    @property
    def label(self) -> str:
        if _english():
            return self.label_en or self.label_sv
        return self.label_sv or self.label_en

    @property
    def major(self) -> str:
        return self.code[0]


class IscoGroup(models.Model):
    """An ISCO-08 unit group, with the Swedish label from the JobTech Taxonomy."""

    code = models.CharField(_("code"), primary_key=True, max_length=4)
    label_sv = models.CharField(_("label (Swedish)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)
    dataset = models.ForeignKey(DataSet, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("ISCO-08 group")
        verbose_name_plural = _("ISCO-08 groups")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def label(self) -> str:
        if _english():
            return self.label_en or self.label_sv
        return self.label_sv or self.label_en


class SsykIscoLink(models.Model):
    """The crosswalk. SSYK and ISCO codes with equal digits are not the same group."""

    ssyk = models.ForeignKey(SsykGroup, on_delete=models.CASCADE, related_name="isco_links")
    isco = models.ForeignKey(IscoGroup, on_delete=models.CASCADE, related_name="ssyk_links")
    ssyk_jobtech = models.CharField(_("SSYK code in the taxonomy"), max_length=4)
    method = models.CharField(_("method"), max_length=200)
    weight = models.FloatField(_("weight"))
    dataset = models.ForeignKey(DataSet, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("SSYK–ISCO link")
        verbose_name_plural = _("SSYK–ISCO links")
        constraints = [
            models.UniqueConstraint(fields=["ssyk", "isco"], name="unique_ssyk_isco_link")
        ]

    def __str__(self) -> str:
        return f"SSYK {self.ssyk_id} → ISCO {self.isco_id}"


class Sex(models.TextChoices):
    MEN = "men", _("Men")
    WOMEN = "women", _("Women")


class Employment(models.Model):
    """SCB: employees 16–64 at their workplace's county, by SSYK-4, sex and year."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    ssyk = models.ForeignKey(SsykGroup, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    sex = models.CharField(_("sex"), max_length=5, choices=Sex.choices)
    employees = models.PositiveIntegerField(_("employees"))
    dataset = models.ForeignKey(DataSet, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("employment figure")
        verbose_name_plural = _("employment figures")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "ssyk", "year", "sex"], name="unique_employment"
            )
        ]
        indexes = [models.Index(fields=["ssyk", "year"], name="insight_emp_ssyk_year")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.ssyk_id} {self.year} {self.sex}: {self.employees}"


class EscoOccupation(models.Model):
    uri = models.CharField(_("URI"), primary_key=True, max_length=120)
    label_en = models.CharField(_("label (English)"), max_length=300)
    esco_code = models.CharField(_("ESCO code"), max_length=200)
    isco = models.CharField(_("ISCO-08 unit group"), max_length=4, db_index=True)
    dataset = models.ForeignKey(DataSet, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("ESCO occupation")
        verbose_name_plural = _("ESCO occupations")
        ordering = ["label_en"]

    def __str__(self) -> str:
        return self.label_en


class EscoSkill(models.Model):
    uri = models.CharField(_("URI"), primary_key=True, max_length=120)
    label_en = models.CharField(_("label (English)"), max_length=400)
    skill_type = models.CharField(_("skill type"), max_length=200, blank=True)
    reuse_level = models.CharField(_("reuse level"), max_length=200, blank=True)
    is_digital = models.BooleanField(_("digital"), default=False)
    is_green = models.BooleanField(_("green"), default=False)
    is_transversal = models.BooleanField(_("transversal"), default=False)
    dataset = models.ForeignKey(DataSet, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("ESCO skill")
        verbose_name_plural = _("ESCO skills")
        ordering = ["label_en"]

    def __str__(self) -> str:
        return self.label_en


class Relation(models.TextChoices):
    ESSENTIAL = "essential", _("Essential")
    OPTIONAL = "optional", _("Optional")


class EscoOccupationSkill(models.Model):
    occupation = models.ForeignKey(EscoOccupation, on_delete=models.CASCADE, related_name="+")
    skill = models.ForeignKey(EscoSkill, on_delete=models.CASCADE, related_name="+")
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    dataset = models.ForeignKey(DataSet, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("ESCO occupation skill")
        verbose_name_plural = _("ESCO occupation skills")
        constraints = [
            models.UniqueConstraint(
                fields=["occupation", "skill"], name="unique_esco_occupation_skill"
            )
        ]

    def __str__(self) -> str:
        return f"{self.occupation_id} {self.relation} {self.skill_id}"


class OccupationName(models.Model):
    """Arbetsförmedlingen's occupation names (yrkesbenämningar)."""

    id = models.CharField(_("concept id"), primary_key=True, max_length=20)
    label_sv = models.CharField(_("label (Swedish)"), max_length=200)
    ssyk_jobtech = models.CharField(_("SSYK code in the taxonomy"), max_length=4)
    dataset = models.ForeignKey(DataSet, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("occupation name")
        verbose_name_plural = _("occupation names")
        ordering = ["label_sv"]

    def __str__(self) -> str:
        return self.label_sv


class Substitutability(models.Model):
    """AF's judgement: ``name`` can stand in for ``other`` (25 = some, 75 = high)."""

    name = models.ForeignKey(OccupationName, on_delete=models.CASCADE, related_name="+")
    relation = models.CharField(_("relation"), max_length=20)
    other = models.ForeignKey(OccupationName, on_delete=models.CASCADE, related_name="+")
    percentage = models.PositiveSmallIntegerField(_("percentage"))
    dataset = models.ForeignKey(DataSet, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("substitutability")
        verbose_name_plural = _("substitutabilities")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "relation", "other"], name="unique_substitutability"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name_id} {self.relation} {self.other_id} ({self.percentage})"


class ExposureIndex(models.TextChoices):
    DAIOE_GENAI = "daioe_genai", _("DAIOE generative AI")
    DAIOE_ALLAPPS = "daioe_allapps", _("DAIOE all AI applications")
    ILO_2025 = "ilo_2025", _("ILO generative-AI exposure 2025")
    NESTA_RISK = "nesta_risk", _("Nesta automation risk")


class Classification(models.TextChoices):
    SSYK = "ssyk2012", "SSYK 2012"
    ISCO = "isco08", "ISCO-08"


class ExposureScore(models.Model):
    """One index value as published, in its own classification (no crosswalk yet)."""

    index = models.CharField(_("index"), max_length=20, choices=ExposureIndex.choices)
    classification = models.CharField(
        _("classification"), max_length=10, choices=Classification.choices
    )
    code = models.CharField(_("occupation code"), max_length=4)
    year = models.PositiveSmallIntegerField(_("year of the index"))
    value = models.FloatField(_("value"), null=True, blank=True)
    sd = models.FloatField(_("standard deviation"), null=True, blank=True)
    percentile = models.FloatField(_("percentile rank"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=200, blank=True)
    dataset = models.ForeignKey(DataSet, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("exposure score")
        verbose_name_plural = _("exposure scores")
        constraints = [
            models.UniqueConstraint(fields=["index", "code", "year"], name="unique_exposure_score"),
        ]

    def __str__(self) -> str:
        return f"{self.index} {self.code} {self.year}"


class NestaOccupation(models.Model):
    """Nesta's Mapping Career Causeways figures for one ESCO occupation."""

    esco_uri = models.CharField(_("ESCO URI"), primary_key=True, max_length=120)
    isco = models.CharField(_("ISCO-08 unit group"), max_length=4)
    risk_category = models.CharField(_("risk category"), max_length=200)
    job_zone = models.FloatField(_("O*NET job zone"), null=True, blank=True)
    n_safe_desirable = models.PositiveIntegerField(
        _("safe and desirable transitions"), null=True, blank=True
    )
    dataset = models.ForeignKey(DataSet, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Nesta occupation")
        verbose_name_plural = _("Nesta occupations")

    def __str__(self) -> str:
        return self.esco_uri


# --- derived (recomputed after every import) -------------------------------------------


class OccupationExposure(models.Model):
    """Derived: one index per SSYK-4 group, through the crosswalk where the index is ISCO."""

    ssyk = models.ForeignKey(SsykGroup, on_delete=models.CASCADE, related_name="exposures")
    index = models.CharField(_("index"), max_length=20, choices=ExposureIndex.choices)
    value = models.FloatField(_("value"), null=True, blank=True)
    percentile = models.FloatField(_("percentile rank"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=200, blank=True)
    exposed_share = models.FloatField(
        _("share of the group counted as exposed"), null=True, blank=True
    )
    high_share = models.FloatField(_("share in the highest exposure"), null=True, blank=True)
    coverage = models.FloatField(_("crosswalk weight with a score"), default=0)
    year = models.PositiveSmallIntegerField(_("index year"), null=True, blank=True)

    class Meta:
        verbose_name = _("occupation exposure")
        verbose_name_plural = _("occupation exposures")
        constraints = [
            models.UniqueConstraint(fields=["ssyk", "index"], name="unique_occupation_exposure")
        ]

    def __str__(self) -> str:
        return f"{self.index} SSYK {self.ssyk_id}"


class RegionYear(models.Model):
    """Derived: a region's totals and employment-weighted exposure for one year."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"))
    employees = models.PositiveIntegerField(_("employees"))
    men = models.PositiveIntegerField(_("men"))
    women = models.PositiveIntegerField(_("women"))
    metal_employees = models.PositiveIntegerField(_("employees in metal and steel occupations"))
    ilo_scored = models.FloatField(_("employees with an ILO score"))
    ilo_exposed = models.FloatField(_("employees in ILO-exposed occupations"))
    ilo_high = models.FloatField(_("employees in ILO gradients 3–4"))
    ilo_mean = models.FloatField(_("employment-weighted ILO mean score"), null=True)
    daioe_scored = models.FloatField(_("employees with a DAIOE score"))
    daioe_high = models.FloatField(_("employees in the top DAIOE quartile"))
    daioe_pctl = models.FloatField(_("employment-weighted DAIOE percentile"), null=True)

    class Meta:
        verbose_name = _("region year")
        verbose_name_plural = _("region years")
        ordering = ["region", "year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="unique_region_year")
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}"

    @property
    def women_share(self) -> float | None:
        return self.women / self.employees if self.employees else None

    @property
    def ilo_exposed_share(self) -> float | None:
        return self.ilo_exposed / self.ilo_scored if self.ilo_scored else None

    @property
    def ilo_high_share(self) -> float | None:
        return self.ilo_high / self.ilo_scored if self.ilo_scored else None

    @property
    def ilo_coverage(self) -> float | None:
        return self.ilo_scored / self.employees if self.employees else None

    @property
    def daioe_high_share(self) -> float | None:
        return self.daioe_high / self.daioe_scored if self.daioe_scored else None

    @property
    def daioe_coverage(self) -> float | None:
        return self.daioe_scored / self.employees if self.employees else None

    @property
    def metal_share(self) -> float | None:
        return self.metal_employees / self.employees if self.employees else None


class RegionMajorGroup(models.Model):
    """Derived: a region's employees in one SSYK major group (first digit) and year."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    major = models.CharField(_("SSYK major group"), max_length=1)
    men = models.PositiveIntegerField(_("men"))
    women = models.PositiveIntegerField(_("women"))

    class Meta:
        verbose_name = _("region major group")
        verbose_name_plural = _("region major groups")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "major"], name="unique_region_major_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year} {self.major}"

    @property
    def employees(self) -> int:
        return self.men + self.women


class Transition(models.Model):
    """Derived: a move from one SSYK-4 group to another with lower exposure."""

    source = models.ForeignKey(SsykGroup, on_delete=models.CASCADE, related_name="transitions")
    target = models.ForeignKey(SsykGroup, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.FloatField(_("score"))
    skill_overlap = models.FloatField(_("skill overlap (Jaccard, essential skills)"))
    coverage = models.FloatField(_("share of the target's essential skills already held"))
    substitutability = models.PositiveSmallIntegerField(
        _("Arbetsförmedlingen substitutability"), null=True, blank=True
    )
    source_esco = models.CharField(_("closest ESCO occupation (from)"), max_length=120)
    target_esco = models.CharField(_("closest ESCO occupation (to)"), max_length=120)
    skills_to_learn = models.JSONField(_("essential skills to learn (ESCO URIs)"), default=list)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["source", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="unique_transition"),
            models.UniqueConstraint(fields=["source", "rank"], name="unique_transition_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id} (#{self.rank})"
