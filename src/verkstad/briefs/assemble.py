"""Assemble a brief's content: findings, county numbers, dialogue outcomes, questions.

``brief_assemble()`` reads knowledge, insight and dialogue rows once and returns a
:class:`BriefContent` made of plain dataclasses (strings, numbers, lists), already in the
brief's language. The HTML page and the PDF render the same content with the same
template, and :func:`content_hash` hashes it: when any input changes (a finding's text,
the imported data, a snapshot, the introduction), the hash changes and the stored PDF is
made again.

The sections come from a registry, :data:`SECTION_PROVIDERS`: each provider returns a
:class:`Section`, or None when it has nothing to say (no empty headings). Another app
adds its own with :func:`section_provider_register` (workshops will add "open follow-up
actions" this way).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from verkstad.accounts.models import ActorType
from verkstad.briefs.regions import BriefRegion
from verkstad.insight.reference import COUNTY_NAMES_SV, METAL_AND_STEEL_SSYK

#: Bump when the template changes in a way the PDF must follow.
TEMPLATE_VERSION = "1"
#: The most findings one brief carries.
MAX_FINDINGS = 8
#: The most skills, and the most statements per list, one brief shows.
MAX_SKILLS = 10
MAX_STATEMENTS = 5

#: The data sets a brief's numbers come from (their attribution is printed).
BRIEF_DATASETS = ("scb-yreg", "crosswalks", "daioe", "ilo-genai-2025", "esco", "jobtech-taxonomy")


# --- what the brief holds ----------------------------------------------------------------


@dataclass(frozen=True)
class BriefRequest:
    """What the brief is for, and what an editor added to it."""

    region: BriefRegion
    audience: str
    language: str
    introduction: str = ""
    conversation_ids: tuple[int, ...] = ()


@dataclass
class SourceRef:
    slug: str
    code: str
    citation: str
    url: str = ""
    locator: str = ""


@dataclass
class FindingItem:
    number: int
    slug: str
    url: str
    title: str
    claim: str
    summary: str
    for_you: str
    strength: int
    verification: str
    local_occupations: list[str]
    sources: list[SourceRef]


@dataclass
class OccupationFigure:
    code: str
    label: str
    employees: int
    quotient: float | None
    daioe_percentile: float | None
    ilo_exposed_share: float | None


@dataclass
class SkillFigure:
    label: str
    employees: int
    moves: int
    digital: bool
    green: bool
    transversal: bool


@dataclass
class Credit:
    name: str
    version: str
    attribution: str
    licence: str


@dataclass
class Numbers:
    county: str
    county_name: str
    year: int
    employees: int
    women_share: float | None
    metal_employees: int
    metal_share: float | None
    national_metal_share: float | None
    ilo_exposed_share: float | None
    national_ilo_exposed_share: float | None
    ilo_high_share: float | None
    daioe_mean_percentile: float | None
    national_daioe_mean_percentile: float | None
    daioe_high_share: float | None
    metal: list[OccupationFigure]
    skills: list[SkillFigure]
    caveats: list[str]
    credits: list[Credit]
    county_url: str
    skills_url: str


@dataclass
class StatementItem:
    number: int
    text: str
    language: str
    share: float | None = None  # the share agreeing (consensus) or the spread (divisive)


@dataclass
class ConversationOutcome:
    slug: str
    topic: str
    url: str
    participants: int
    votes: int
    analysed: str  # ISO date of the snapshot, "" without one
    agree: list[StatementItem]
    disagree: list[StatementItem]
    divisive: list[StatementItem]


@dataclass
class PlanningQuestion:
    number: int
    title: str
    description: str
    prompts: list[str]
    findings: list[int]
    url: str


@dataclass
class Section:
    """One part of the brief: a heading, the template that renders ``data``, an anchor."""

    slug: str
    title: str
    template: str
    data: Any


@dataclass
class BriefContent:
    county: str
    municipality: str
    audience: str
    language: str
    region_name: str
    county_name: str
    audience_label: str
    title: str
    introduction: list[str]
    sections: list[Section]
    sources: list[SourceRef]
    missing: list[str]
    template_version: str = TEMPLATE_VERSION

    @property
    def is_empty(self) -> bool:
        """Nothing but the questions: no finding for the audience and no numbers."""
        return not any(s.slug in {"findings", "numbers"} for s in self.sections)

    def section(self, slug: str) -> Section | None:
        return next((s for s in self.sections if s.slug == slug), None)


@dataclass
class BriefContext:
    """What providers share while one brief is assembled."""

    request: BriefRequest
    missing: list[str] = field(default_factory=list)
    local_codes: set[str] = field(default_factory=set)
    findings: list[FindingItem] = field(default_factory=list)
    sources: dict[str, SourceRef] = field(default_factory=dict)
    profile: Any = None  # insight's CountyProfile, None without data


SectionProvider = Callable[[BriefContext], Section | None]


# --- helpers -----------------------------------------------------------------------------


def _citation_text(source: Any) -> str:
    """A one-line reference: authors (year). Title [gloss]. Container. Publisher."""
    who = "; ".join(source.authors or []) or source.corporate_author
    when = source.date or (str(source.year) if source.year else _("n.d."))
    title = source.title
    gloss = source.title_gloss
    if gloss and gloss != title:
        title = f"{title} [{gloss}]"
    parts = [f"{who} ({when}). {title}." if who else f"{title} ({when})."]
    if source.container:
        container = source.container
        if source.volume:
            container += f", {source.volume}"
            if source.issue:
                container += f"({source.issue})"
        if source.pages:
            container += f", {source.pages}"
        parts.append(container + ".")
    if source.report_number:
        parts.append(source.report_number + ".")
    if source.publisher and source.publisher not in {source.container, source.corporate_author}:
        parts.append(source.publisher + ".")
    return " ".join(parts)


def _source_url(source: Any) -> str:
    return f"https://doi.org/{source.doi}" if source.doi else source.url


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def _share(part: float | None, whole: float | None) -> float | None:
    return part / whole if part is not None and whole else None


# --- the providers -----------------------------------------------------------------------


def _insight_prepare(ctx: BriefContext) -> None:
    """Load the county's profile once; note the SSYK-4 groups that matter locally: the
    metal and steel occupations with employees and the ten most AI-exposed occupations
    (≥ 100 employees). Without data, the metal and steel list stands in."""
    from verkstad.insight import selectors
    from verkstad.insight.models import RegionYear

    ctx.local_codes = set(METAL_AND_STEEL_SSYK)
    region = selectors.county_get(code=ctx.request.region.county)
    year = selectors.latest_year()
    if region is None or year is None:
        return
    if not RegionYear.objects.filter(region=region, year=year).exists():
        return
    ctx.profile = selectors.county_profile(region=region, year=year)
    codes = {o.group.code for o in ctx.profile.metal if o.employees > 0}
    codes |= {o.group.code for o in ctx.profile.most_exposed}
    ctx.local_codes = codes or ctx.local_codes


def findings_section(ctx: BriefContext) -> Section | None:
    """The findings that say what they mean for this audience, local ones first."""
    from django.db.models import Prefetch

    from verkstad.knowledge.models import Finding, FindingAudience, FindingSource

    audience = ctx.request.audience
    findings = (
        Finding.objects.published()
        .filter(audiences__actor_type=audience)
        .prefetch_related(
            Prefetch("audiences", queryset=FindingAudience.objects.filter(actor_type=audience)),
            Prefetch(
                "citations",
                queryset=FindingSource.objects.select_related("source").order_by("position", "id"),
            ),
        )
        .distinct()
    )
    ranked = []
    for finding in findings:
        local = sorted(
            {
                code
                for code in ctx.local_codes
                for tag in finding.ssyk_codes or []
                if code.startswith(tag)
            }
        )
        ranked.append((finding, local))
    ranked.sort(key=lambda fl: (-bool(fl[1]), -fl[0].evidence_strength, fl[0].number))
    if not ranked:
        label = ActorType(audience).label
        ctx.missing.append(
            _("No published finding says yet what it means for the audience “%(audience)s”.")
            % {"audience": label}
        )
        return None
    items = []
    for finding, local in ranked[:MAX_FINDINGS]:
        refs = []
        for citation in finding.citations.all():
            source = citation.source
            ref = SourceRef(
                slug=source.slug,
                code=source.code,
                citation=_citation_text(source),
                url=_source_url(source),
                locator=citation.locator,
            )
            refs.append(ref)
            ctx.sources.setdefault(
                source.slug, SourceRef(ref.slug, ref.code, ref.citation, ref.url)
            )
        items.append(
            FindingItem(
                number=finding.number,
                slug=finding.slug,
                url=finding.get_absolute_url(),
                title=finding.title,
                claim=finding.claim,
                summary=finding.summary,
                for_you=finding.audiences.all()[0].text,
                strength=finding.evidence_strength,
                verification=finding.get_verification_display(),
                local_occupations=local,
                sources=refs,
            )
        )
    ctx.findings = items
    return Section(
        slug="findings",
        title=_("What the research means for you"),
        template="briefs/sections/_findings.html",
        data=items,
    )


def numbers_section(ctx: BriefContext) -> Section | None:
    """The county's jobs, exposure and skills from insight, with the data's caveats."""
    from verkstad.insight import selectors

    county = ctx.request.region.county
    profile = ctx.profile
    if profile is None:
        ctx.missing.append(
            _(
                "No labour-market data has been imported for %(county)s, so the county's "
                "numbers on jobs, exposure and skills are missing."
            )
            % {"county": COUNTY_NAMES_SV[county]}
        )
        return None
    region, year, summary, national = (
        profile.region,
        profile.year,
        profile.summary,
        profile.national,
    )
    needs, _exposed = selectors.county_skills(region=region, year=year, limit=MAX_SKILLS)
    caveats = []
    if ctx.request.region.municipality:
        caveats.append(
            _(
                "This brief is for municipality %(municipality)s, but the numbers are for "
                "%(county)s as a whole: the data has no municipality level."
            )
            % {"municipality": ctx.request.region.municipality, "county": region.name}
        )
    else:
        caveats.append(
            _("The numbers are for the whole county: the data has no municipality level.")
        )
    caveats += [
        _(
            "Employees aged 16–64 are counted in the county where they work; the self-employed "
            "are not counted."
        ),
        _(
            "Several of the metal and steel occupations (industrial mechanics, electricians, "
            "supervisors) also work in other industries, so their counts are not steel jobs alone."
        ),
        _(
            "Exposure says how much of an occupation's tasks AI could change. Exposure is not "
            "the same as jobs lost: exposed work often changes rather than disappears."
        ),
        _(
            "The skills are those of the best moves from the county's most exposed occupations "
            "to less exposed ones present in the county. They are not a measure of employers' "
            "demand. Skill names are ESCO's English labels."
        ),
    ]
    if profile.series_break:
        caveats.append(profile.series_break.note)
    metal = [
        OccupationFigure(
            code=o.group.code,
            label=o.group.label,
            employees=o.employees,
            quotient=o.quotient,
            daioe_percentile=round(o.daioe.percentile, 1)
            if o.daioe and o.daioe.percentile is not None
            else None,
            ilo_exposed_share=o.ilo.exposed_share if o.ilo else None,
        )
        for o in profile.metal
    ]
    skills = [
        SkillFigure(
            label=n.skill.label_en,
            employees=n.employees,
            moves=n.moves,
            digital=n.skill.is_digital,
            green=n.skill.is_green,
            transversal=n.skill.is_transversal,
        )
        for n in needs
    ]
    credits = [
        Credit(name=d.name, version=d.version, attribution=d.attribution, licence=d.licence)
        for d in selectors.datasets(*BRIEF_DATASETS)
    ]
    numbers = Numbers(
        county=county,
        county_name=region.name,
        year=year,
        employees=summary.employees,
        women_share=summary.women_share,
        metal_employees=summary.metal_employees,
        metal_share=summary.metal_share,
        national_metal_share=national.metal_share if national else None,
        ilo_exposed_share=summary.ilo_exposed_share,
        national_ilo_exposed_share=national.ilo_exposed_share if national else None,
        ilo_high_share=summary.ilo_high_share,
        daioe_mean_percentile=round(summary.daioe_pctl, 1)
        if summary.daioe_pctl is not None
        else None,
        national_daioe_mean_percentile=round(national.daioe_pctl, 1)
        if national and national.daioe_pctl is not None
        else None,
        daioe_high_share=summary.daioe_high_share,
        metal=metal,
        skills=skills,
        caveats=caveats,
        credits=credits,
        county_url=reverse("insight:county_detail", args=[county]),
        skills_url=reverse("insight:county_skills", args=[county]),
    )
    return Section(
        slug="numbers",
        title=_("Jobs, exposure and skills in %(county)s") % {"county": region.name},
        template="briefs/sections/_numbers.html",
        data=numbers,
    )


def _statement_ids(items: Any) -> list[tuple[int, float | None, str]]:
    """(statement number, share, key) from a snapshot list; tolerant of partial data."""
    out = []
    for item in items or []:
        if isinstance(item, dict) and "statement_id" in item:
            share = item.get("p_success", item.get("divisiveness"))
            try:
                out.append((int(item["statement_id"]), share, ""))
            except (TypeError, ValueError):
                continue
        elif isinstance(item, int):
            out.append((item, None, ""))
    return out


def dialogue_section(ctx: BriefContext) -> Section | None:
    """Consensus and divisive statements of the dialogues an editor linked to the brief."""
    if not ctx.request.conversation_ids:
        return None
    from verkstad.dialogue.models import Conversation, Statement, StatementStatus

    outcomes = []
    conversations = Conversation.objects.filter(pk__in=ctx.request.conversation_ids).order_by(
        "created_at", "pk"
    )
    for conversation in conversations:
        snapshot = conversation.snapshots.order_by("-created_at", "-pk").first()
        data = snapshot.data if snapshot is not None and isinstance(snapshot.data, dict) else {}
        consensus = data.get("consensus") or {}
        if not isinstance(consensus, dict):
            consensus = {}
        lists = {
            "agree": _statement_ids(consensus.get("agree"))[:MAX_STATEMENTS],
            "disagree": _statement_ids(consensus.get("disagree"))[:MAX_STATEMENTS],
            "divisive": _statement_ids(data.get("divisive"))[:MAX_STATEMENTS],
        }
        numbers = {n for items in lists.values() for n, _share, _k in items}
        statements = {
            s.number: s
            for s in Statement.objects.filter(
                conversation=conversation, number__in=numbers, status=StatementStatus.ACCEPTED
            )
        }

        def items(key: str, statements: dict = statements, lists: dict = lists) -> list:
            return [
                StatementItem(
                    number=n,
                    text=statements[n].text,
                    language=statements[n].language,
                    share=round(float(share), 3) if isinstance(share, int | float) else None,
                )
                for n, share, _k in lists[key]
                if n in statements
            ]

        outcomes.append(
            ConversationOutcome(
                slug=conversation.slug,
                topic=conversation.topic,
                url=conversation.get_absolute_url(),
                participants=snapshot.n_participants if snapshot else 0,
                votes=snapshot.n_votes if snapshot else 0,
                analysed=snapshot.created_at.date().isoformat() if snapshot else "",
                agree=items("agree"),
                disagree=items("disagree"),
                divisive=items("divisive"),
            )
        )
    if not outcomes:
        return None
    return Section(
        slug="dialogue",
        title=_("What the dialogues showed"),
        template="briefs/sections/_dialogue.html",
        data=outcomes,
    )


def questions_section(ctx: BriefContext) -> Section | None:
    """The four big questions, as questions for the local planning process."""
    from verkstad.knowledge.models import BigQuestion

    in_brief = {f.number for f in ctx.findings}
    questions = []
    for question in BigQuestion.objects.prefetch_related("seed_statements", "findings"):
        questions.append(
            PlanningQuestion(
                number=question.number,
                title=question.title,
                description=question.description,
                prompts=[s.text for s in question.seed_statements.all()],
                findings=sorted(f.number for f in question.findings.all() if f.number in in_brief),
                url=question.get_absolute_url(),
            )
        )
    if not questions:
        ctx.missing.append(_("The four big questions have not been loaded."))
        return None
    return Section(
        slug="questions",
        title=_("Questions for the local planning process"),
        template="briefs/sections/_questions.html",
        data=questions,
    )


#: The sections in the order the brief shows them. Apps add theirs with
#: :func:`section_provider_register`.
SECTION_PROVIDERS: list[SectionProvider] = [
    findings_section,
    numbers_section,
    dialogue_section,
    questions_section,
]


def section_provider_register(provider: SectionProvider, *, before: str | None = None) -> None:
    """Add a section provider, at the end or before the provider named ``before``."""
    if provider in SECTION_PROVIDERS:
        return
    names = [p.__name__ for p in SECTION_PROVIDERS]
    if before and before in names:
        SECTION_PROVIDERS.insert(names.index(before), provider)
    else:
        SECTION_PROVIDERS.append(provider)


# --- the whole brief ---------------------------------------------------------------------


def brief_assemble(*, request: BriefRequest) -> BriefContent:
    """Everything the brief shows, in ``request.language`` whatever the active language."""
    with translation.override(request.language):
        region = request.region
        county_name = COUNTY_NAMES_SV[region.county]
        from verkstad.insight import selectors

        county = selectors.county_get(code=region.county)
        if county is not None:
            county_name = county.name
        if region.municipality:
            region_name = _("Municipality %(code)s in %(county)s") % {
                "code": region.municipality,
                "county": county_name,
            }
        else:
            region_name = county_name
        ctx = BriefContext(request=request)
        _insight_prepare(ctx)
        sections = []
        for provider in SECTION_PROVIDERS:
            section = provider(ctx)
            if section is not None:
                sections.append(section)
        audience_label = str(ActorType(request.audience).label)
        return BriefContent(
            county=region.county,
            municipality=region.municipality,
            audience=request.audience,
            language=request.language,
            region_name=region_name,
            county_name=county_name,
            audience_label=audience_label,
            title=_("Digitalization and work in %(region)s") % {"region": region_name},
            introduction=_paragraphs(request.introduction),
            sections=sections,
            sources=sorted(ctx.sources.values(), key=lambda s: (s.code or "~", s.slug)),
            missing=ctx.missing,
        )


def content_hash(content: BriefContent) -> str:
    """SHA-256 over everything the brief shows (and the template version)."""
    payload = json.dumps(asdict(content), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
