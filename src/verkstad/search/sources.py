"""The knowledge base in the index: findings, sources, themes and big questions.

Only published findings are indexed. Themes, big questions and sources have no
editorial status and are always public. Each object gives one document per language
(Swedish and English), at that language's address.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from verkstad.search.registry import Document, DocumentSource, Ref, SignalHook, register
from verkstad.search.text import LANGS


def _url(name: str, slug: str, lang: str) -> str:
    with translation.override(lang):
        return reverse(name, args=[slug])


def _text(obj: Any, lang: str, name: str) -> str:
    return getattr(obj, f"{name}_{lang}")


def _join(*parts: str) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def _restrict(queryset: QuerySet, keys: Iterable[str] | None) -> QuerySet:
    if keys is None:
        return queryset
    ids = [int(k) for k in keys if str(k).isdigit()]
    return queryset.filter(pk__in=ids)


def finding_documents(keys: Iterable[str] | None = None) -> Iterator[Document]:
    from verkstad.knowledge.models import EditorialStatus, Finding, FindingAudience

    findings = _restrict(
        Finding.objects.filter(status=EditorialStatus.PUBLISHED), keys
    ).prefetch_related(
        "themes",
        "questions",
        Prefetch("audiences", queryset=FindingAudience.objects.order_by("actor_type")),
    )
    for finding in findings:
        audiences = list(finding.audiences.all())
        facets = {
            "theme": sorted(t.slug for t in finding.themes.all()),
            "question": sorted(q.slug for q in finding.questions.all()),
            "actor": sorted({a.actor_type for a in audiences}),
        }
        for lang in LANGS:
            field = partial(_text, finding, lang)
            yield Document(
                type="finding",
                key=str(finding.pk),
                slug=finding.slug,
                lang=lang,
                title=field("title"),
                body=_join(
                    field("claim"),
                    field("summary"),
                    field("mechanism_technical"),
                    field("mechanism_organisational"),
                    field("context"),
                    field("sample"),
                    *(getattr(a, f"text_{lang}") for a in audiences),
                ),
                passage=_join(field("title"), field("claim"), field("summary")),
                url=_url("knowledge:finding_detail", finding.slug, lang),
                facets=facets,
            )


def source_documents(keys: Iterable[str] | None = None) -> Iterator[Document]:
    from verkstad.knowledge.models import Source

    for source in _restrict(Source.objects.all(), keys):
        authors = ", ".join(source.authors or []) or source.corporate_author
        for lang in LANGS:
            gloss = getattr(source, f"title_gloss_{lang}")
            title = source.title if not gloss or gloss == source.title else gloss
            yield Document(
                type="source",
                key=str(source.pk),
                slug=source.slug,
                lang=lang,
                title=title,
                body=_join(
                    source.title if title != source.title else "",
                    getattr(source, f"abstract_{lang}"),
                    authors,
                    source.container,
                    source.publisher,
                    str(source.year or ""),
                ),
                url=_url("knowledge:source_detail", source.slug, lang),
            )


def theme_documents(keys: Iterable[str] | None = None) -> Iterator[Document]:
    from verkstad.knowledge.models import Theme

    for theme in _restrict(Theme.objects.all(), keys):
        for lang in LANGS:
            yield Document(
                type="theme",
                key=str(theme.pk),
                slug=theme.slug,
                lang=lang,
                title=getattr(theme, f"title_{lang}"),
                body=getattr(theme, f"description_{lang}"),
                url=_url("knowledge:theme_detail", theme.slug, lang),
                facets={"theme": [theme.slug]},
            )


def question_documents(keys: Iterable[str] | None = None) -> Iterator[Document]:
    from verkstad.knowledge.models import BigQuestion

    for question in _restrict(BigQuestion.objects.all(), keys).prefetch_related("seed_statements"):
        for lang in LANGS:
            yield Document(
                type="question",
                key=str(question.pk),
                slug=question.slug,
                lang=lang,
                title=getattr(question, f"title_{lang}"),
                body=_join(
                    getattr(question, f"description_{lang}"),
                    *(getattr(s, f"text_{lang}") for s in question.seed_statements.all()),
                ),
                url=_url("knowledge:question_detail", question.slug, lang),
                facets={"question": [question.slug]},
            )


def _one(type_name: str, attribute: str = "pk") -> Callable[[Any], list[Ref]]:
    def refs(instance: Any) -> list[Ref]:
        value = getattr(instance, attribute)
        return [(type_name, str(value))] if value is not None else []

    return refs


def _with_findings(type_name: str) -> Callable[[Any], list[Ref]]:
    """The theme or question itself and the findings that carry its slug as a facet."""

    def refs(instance: Any) -> list[Ref]:
        findings = instance.findings.values_list("pk", flat=True) if instance.pk else []
        return [(type_name, str(instance.pk))] + [("finding", str(pk)) for pk in findings]

    return refs


def register_knowledge() -> None:
    from verkstad.knowledge import models as km

    register(
        DocumentSource(
            type="finding",
            label=_("Findings"),
            documents=finding_documents,
            hooks=[
                SignalHook(
                    km.Finding,
                    _one("finding"),
                    m2m=[km.Finding.themes.through, km.Finding.questions.through],
                ),
                SignalHook(km.FindingAudience, _one("finding", "finding_id")),
            ],
        )
    )
    register(
        DocumentSource(
            type="source",
            label=_("Sources"),
            documents=source_documents,
            hooks=[SignalHook(km.Source, _one("source"))],
        )
    )
    register(
        DocumentSource(
            type="theme",
            label=_("Themes"),
            documents=theme_documents,
            hooks=[SignalHook(km.Theme, _with_findings("theme"))],
        )
    )
    register(
        DocumentSource(
            type="question",
            label=_("Big questions"),
            documents=question_documents,
            hooks=[
                SignalHook(km.BigQuestion, _with_findings("question")),
                SignalHook(km.SeedStatement, _one("question", "question_id")),
            ],
        )
    )
