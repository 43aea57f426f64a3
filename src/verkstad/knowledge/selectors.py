"""Reads for the public knowledge pages.

Only published findings are public. People who may edit content
(:attr:`Capability.EDIT_CONTENT`) may also open drafts and findings in review, one
at a time (finding page, compare page), to preview them; lists, exports and the feed
show published findings to everyone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet

from verkstad.accounts.models import ActorType, User
from verkstad.accounts.permissions import Capability, user_can
from verkstad.knowledge.codes import SharedDataMissing, ssyk_labels
from verkstad.knowledge.models import (
    BigQuestion,
    ContextFact,
    EditorialStatus,
    Finding,
    FindingAudience,
    FindingSource,
    Recommendation,
    RecommendationHeading,
    SeedStatement,
    Source,
    Theme,
)

#: The most findings the compare page puts side by side.
COMPARE_MAX = 3
#: The most slugs one export or compare request may name.
SLUGS_MAX = 50


_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def clean_slugs(values: list[str]) -> list[str]:
    """Stripped, non-empty, each once, in order. Values that are not slugs stay in the
    list (so they can be reported as unknown) but never reach a query."""
    return list(dict.fromkeys(v.strip() for v in values if v.strip()))


def _queryable(slugs: list[str]) -> list[str]:
    return [s for s in slugs if _SLUG.fullmatch(s) and len(s) <= 50]


def user_may_preview(*, user: User | AnonymousUser) -> bool:
    """Editors (and staff) may open unpublished findings."""
    return user_can(user, Capability.EDIT_CONTENT)


def finding_visible_qs(*, user: User | AnonymousUser) -> QuerySet[Finding]:
    """Findings ``user`` may open one by one: published, or all for editors."""
    if user_may_preview(user=user):
        return Finding.objects.all()
    return Finding.objects.published()


def _published_findings() -> QuerySet[Finding]:
    return Finding.objects.published().order_by("number")


def finding_list(
    *,
    theme: str = "",
    question: str = "",
    actor_type: str = "",
    min_strength: int | None = None,
) -> QuerySet[Finding]:
    """Published findings, filtered by theme and question slug, actor type and strength."""
    findings = _published_findings().prefetch_related("themes")
    if theme:
        findings = findings.filter(themes__slug=theme)
    if question:
        findings = findings.filter(questions__slug=question)
    if actor_type:
        findings = findings.filter(audiences__actor_type=actor_type)
    if min_strength:
        findings = findings.filter(evidence_strength__gte=min_strength)
    return findings.distinct()


def finding_detail_get(*, slug: str, user: User | AnonymousUser) -> Finding | None:
    """One finding with everything its page shows, or None when ``user`` may not see it."""
    published = _published_findings()
    return (
        finding_visible_qs(user=user)
        .filter(slug=slug)
        .prefetch_related(
            "themes",
            "questions",
            Prefetch("related", queryset=published),
            Prefetch("citations", queryset=FindingSource.objects.select_related("source")),
            "audiences",
            Prefetch("recommendations", queryset=Recommendation.objects.order_by("number")),
        )
        .first()
    )


def audiences_in_order(*, finding: Finding) -> list[FindingAudience]:
    """The finding's "what it means for" texts in the order of :class:`ActorType`."""
    order = {value: index for index, value in enumerate(ActorType.values)}
    return sorted(finding.audiences.all(), key=lambda a: order.get(a.actor_type, len(order)))


@dataclass(frozen=True)
class Occupation:
    code: str
    label: str


def occupations_for(*, finding: Finding) -> list[Occupation]:
    """The finding's SSYK 2012 codes with their Swedish names (codes alone without data)."""
    try:
        labels = ssyk_labels()
    except SharedDataMissing:
        labels = {}
    return [Occupation(code, labels.get(code, "")) for code in finding.ssyk_codes]


@dataclass
class CompareSelection:
    """What the compare page was asked for and what it found."""

    findings: list[Finding] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    requested: int = 0

    @property
    def too_many(self) -> bool:
        return self.requested > COMPARE_MAX

    @property
    def comparable(self) -> bool:
        return not self.unknown and 2 <= len(self.findings) <= COMPARE_MAX


def finding_compare_select(*, slugs: list[str], user: User | AnonymousUser) -> CompareSelection:
    """The findings named by ``slugs`` (in that order, each once) that ``user`` may see."""
    wanted = clean_slugs(slugs)[:SLUGS_MAX]
    found = {
        f.slug: f
        for f in finding_visible_qs(user=user)
        .filter(slug__in=_queryable(wanted))
        .prefetch_related(
            Prefetch("citations", queryset=FindingSource.objects.select_related("source"))
        )
    }
    return CompareSelection(
        findings=[found[s] for s in wanted if s in found],
        unknown=[s for s in wanted if s not in found],
        requested=len(wanted),
    )


def finding_choices() -> QuerySet[Finding]:
    """Published findings to choose from on the compare page."""
    return _published_findings().only("slug", "number", "title_sv", "title_en")


def theme_list() -> QuerySet[Theme]:
    # Meta.ordering does not apply to aggregate queries: order explicitly.
    return Theme.objects.order_by("position", "slug").annotate(
        published_count=Count(
            "findings", filter=Q(findings__status=EditorialStatus.PUBLISHED), distinct=True
        )
    )


def theme_detail_get(*, slug: str) -> Theme | None:
    return (
        Theme.objects.filter(slug=slug)
        .prefetch_related(
            Prefetch("findings", queryset=_published_findings()),
            Prefetch("context_facts", queryset=ContextFact.objects.order_by("number")),
        )
        .first()
    )


def question_list() -> QuerySet[BigQuestion]:
    return BigQuestion.objects.order_by("number").annotate(
        published_count=Count(
            "findings", filter=Q(findings__status=EditorialStatus.PUBLISHED), distinct=True
        )
    )


def question_detail_get(*, slug: str) -> BigQuestion | None:
    return (
        BigQuestion.objects.filter(slug=slug)
        .prefetch_related(
            Prefetch("seed_statements", queryset=SeedStatement.objects.select_related("finding")),
            Prefetch("findings", queryset=_published_findings()),
        )
        .first()
    )


def source_list() -> QuerySet[Source]:
    return Source.objects.order_by("code", "slug").annotate(
        published_count=Count(
            "findings", filter=Q(findings__status=EditorialStatus.PUBLISHED), distinct=True
        )
    )


def source_detail_get(*, slug: str) -> Source | None:
    citing = FindingSource.objects.filter(finding__status=EditorialStatus.PUBLISHED).select_related(
        "finding"
    )
    return (
        Source.objects.filter(slug=slug)
        .prefetch_related(
            Prefetch("citations", queryset=citing.order_by("finding__number")),
            Prefetch("recommendations", queryset=Recommendation.objects.order_by("number")),
        )
        .first()
    )


@dataclass
class SourceSelection:
    sources: list[Source] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def sources_for_export(*, source_slugs: list[str], finding_slugs: list[str]) -> SourceSelection:
    """Sources named by slug and the sources cited by published findings named by slug.

    With nothing named, every source. Unknown slugs (and unpublished findings) are
    reported in ``unknown``.
    """
    source_slugs = clean_slugs(source_slugs)
    finding_slugs = clean_slugs(finding_slugs)
    if not source_slugs and not finding_slugs:
        return SourceSelection(sources=list(Source.objects.all()))
    unknown: list[str] = []
    by_slug = {s.slug: s for s in Source.objects.filter(slug__in=_queryable(source_slugs))}
    chosen: dict[int, Source] = {}
    for slug in source_slugs:
        if slug in by_slug:
            chosen.setdefault(by_slug[slug].pk, by_slug[slug])
        else:
            unknown.append(slug)
    findings = {
        f.slug: f
        for f in Finding.objects.published()
        .filter(slug__in=_queryable(finding_slugs))
        .prefetch_related(
            Prefetch("citations", queryset=FindingSource.objects.select_related("source"))
        )
    }
    for slug in finding_slugs:
        if slug not in findings:
            unknown.append(slug)
            continue
        for citation in findings[slug].citations.all():
            chosen.setdefault(citation.source.pk, citation.source)
    return SourceSelection(sources=list(chosen.values()), unknown=unknown)


@dataclass(frozen=True)
class RecommendationGroup:
    heading: RecommendationHeading
    recommendations: list[Recommendation]


def recommendation_groups() -> list[RecommendationGroup]:
    """Recommendations under their three headings, in the dossier's order."""
    recommendations = Recommendation.objects.order_by("number").prefetch_related(
        "sources", Prefetch("findings", queryset=_published_findings())
    )
    return [
        RecommendationGroup(
            heading=heading,
            recommendations=[r for r in recommendations if r.heading == heading],
        )
        for heading in RecommendationHeading
    ]


def context_fact_list() -> QuerySet[ContextFact]:
    return ContextFact.objects.order_by("number").prefetch_related("themes")


def findings_by_strength() -> dict[int, list[Finding]]:
    """Published findings grouped by evidence strength, for the rubric page."""
    grouped: dict[int, list[Finding]] = {}
    for finding in _published_findings().only(
        "slug", "number", "title_sv", "title_en", "evidence_strength"
    ):
        grouped.setdefault(finding.evidence_strength, []).append(finding)
    return grouped


def feed_findings(*, limit: int = 50) -> QuerySet[Finding]:
    """Published findings, most recently changed first."""
    return Finding.objects.published().order_by("-updated_at", "-number")[:limit]
