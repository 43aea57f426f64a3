"""Public knowledge pages: findings, themes, big questions, sources, recommendations,
context facts, the compare page, the evidence rubric and the citation exports."""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode

from verkstad.knowledge import selectors
from verkstad.knowledge.citations import FORMATS, citation_export
from verkstad.knowledge.forms import FindingFilterForm
from verkstad.knowledge.models import EditorialStatus, Source, VerificationStatus
from verkstad.knowledge.rubric import MAX_STRENGTH, RUBRIC, VERIFICATION_MEANINGS


def _export_links(query: dict[str, list[str]] | None = None) -> list[dict[str, str]]:
    """Links to the selection export in every format, for ``?s=…&f=…``."""
    suffix = "?" + urlencode(query, doseq=True) if query else ""
    return [
        {
            "label": fmt.label,
            "extension": fmt.extension,
            "url": reverse("knowledge:citation_export", args=[fmt.key]) + suffix,
        }
        for fmt in FORMATS.values()
    ]


def finding_list(request: HttpRequest) -> HttpResponse:
    form = FindingFilterForm(request.GET)
    findings = list(selectors.finding_list(**form.filters()))
    return render(
        request,
        "knowledge/finding_list.html",
        {
            "form": form,
            "findings": findings,
            "is_filtered": form.is_filtered,
            "max_strength": MAX_STRENGTH,
        },
    )


def finding_detail(request: HttpRequest, slug: str) -> HttpResponse:
    finding = selectors.finding_detail_get(slug=slug, user=request.user)
    if finding is None:
        raise Http404
    return render(
        request,
        "knowledge/finding_detail.html",
        {
            "finding": finding,
            "is_draft": finding.status != EditorialStatus.PUBLISHED,
            "audiences": selectors.audiences_in_order(finding=finding),
            "occupations": selectors.occupations_for(finding=finding),
            "citations": list(finding.citations.all()),
            "max_strength": MAX_STRENGTH,
            "export_links": _export_links({"f": [finding.slug]}),
            "compare_url": reverse("knowledge:finding_compare")
            + "?"
            + urlencode({"f": finding.slug}),
        },
    )


def finding_compare(request: HttpRequest) -> HttpResponse:
    selection = selectors.finding_compare_select(slugs=request.GET.getlist("f"), user=request.user)
    chosen = {f.slug for f in selection.findings}
    return render(
        request,
        "knowledge/finding_compare.html",
        {
            "selection": selection,
            "choices": selectors.finding_choices(),
            "chosen": chosen,
            "compare_max": selectors.COMPARE_MAX,
            "max_strength": MAX_STRENGTH,
        },
    )


def theme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "knowledge/theme_list.html", {"themes": selectors.theme_list()})


def theme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    theme = selectors.theme_detail_get(slug=slug)
    if theme is None:
        raise Http404
    return render(
        request,
        "knowledge/theme_detail.html",
        {"theme": theme, "findings": list(theme.findings.all()), "max_strength": MAX_STRENGTH},
    )


def question_list(request: HttpRequest) -> HttpResponse:
    return render(request, "knowledge/question_list.html", {"questions": selectors.question_list()})


def question_detail(request: HttpRequest, slug: str) -> HttpResponse:
    question = selectors.question_detail_get(slug=slug)
    if question is None:
        raise Http404
    return render(
        request,
        "knowledge/question_detail.html",
        {
            "question": question,
            "findings": list(question.findings.all()),
            "max_strength": MAX_STRENGTH,
        },
    )


def source_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "knowledge/source_list.html",
        {"sources": selectors.source_list(), "export_links": _export_links()},
    )


def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    source = selectors.source_detail_get(slug=slug)
    if source is None:
        raise Http404
    return render(
        request,
        "knowledge/source_detail.html",
        {
            "source": source,
            "citations": list(source.citations.all()),
            "recommendations": list(source.recommendations.all()),
            "export_links": [
                {
                    "label": fmt.label,
                    "extension": fmt.extension,
                    "url": reverse("knowledge:source_citation", args=[source.slug, fmt.key]),
                }
                for fmt in FORMATS.values()
            ],
        },
    )


def _citation_response(sources: list[Source], *, fmt: str, filename: str) -> HttpResponse:
    spec = FORMATS[fmt]
    body = citation_export(sources, fmt=fmt, abstracts={s.slug: s.abstract for s in sources})
    response = HttpResponse(body, content_type=spec.content_type)
    response["Content-Disposition"] = content_disposition_header(
        True, f"{filename}.{spec.extension}"
    )
    return response


def source_citation(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    source = Source.objects.filter(slug=slug).first()
    if source is None:
        raise Http404
    return _citation_response([source], fmt=fmt, filename=source.slug)


def citation_export_view(request: HttpRequest, fmt: str) -> HttpResponse:
    """``?s=<source>&s=…`` and ``?f=<finding>`` (its sources); nothing named: every source."""
    source_slugs = request.GET.getlist("s")
    finding_slugs = request.GET.getlist("f")
    if len(source_slugs) + len(finding_slugs) > selectors.SLUGS_MAX:
        raise BadRequest("Too many slugs.")
    selection = selectors.sources_for_export(source_slugs=source_slugs, finding_slugs=finding_slugs)
    if selection.unknown or not selection.sources:
        raise Http404
    named = selectors.clean_slugs(finding_slugs)
    if len(named) == 1 and not selectors.clean_slugs(source_slugs):
        filename = f"verkstad-{named[0]}-sources"
    else:
        filename = "verkstad-sources"
    return _citation_response(selection.sources, fmt=fmt, filename=filename)


def recommendation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "knowledge/recommendation_list.html",
        {"groups": selectors.recommendation_groups()},
    )


def context_fact_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "knowledge/context_fact_list.html", {"facts": selectors.context_fact_list()}
    )


def evidence_rubric(request: HttpRequest) -> HttpResponse:
    by_strength = selectors.findings_by_strength()
    levels = [{"level": level, "findings": by_strength.get(level.score, [])} for level in RUBRIC]
    verification = [
        {"status": status, "label": VerificationStatus(status).label, "meaning": meaning}
        for status, meaning in VERIFICATION_MEANINGS
    ]
    return render(
        request,
        "knowledge/evidence_rubric.html",
        {
            "levels": levels,
            "verification": verification,
            "max_strength": MAX_STRENGTH,
        },
    )
