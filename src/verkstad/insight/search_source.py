"""Occupations in the search index: one document per SSYK-4 group and language.

Each occupation page (``insight:occupation_detail``) is one thing to find. Skills have no
page of their own (ESCO has about 14,000; 10,900 of them are essential to some SSYK-4
group through the crosswalk), so they are found through the occupations that need them:

- Swedish: the group's label, its code and Arbetsförmedlingen's occupation names
  (yrkesbenämningar: "svetsare" finds the welders' group);
- English: the label, the code, the ESCO occupations of its ISCO groups and its most
  common essential ESCO skills (English only, as ESCO is here).

The labour-data import writes rows in bulk, without signals, but saves each
:class:`~verkstad.insight.models.DataSet` row: that refreshes every occupation.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from verkstad.search.registry import Document, DocumentSource, Ref, SignalHook, register

#: Essential skills named in an occupation's English document (the most common ones).
SKILLS_PER_OCCUPATION = 25
#: ESCO occupations named in an occupation's English document.
ESCO_OCCUPATIONS_PER_OCCUPATION = 15
#: Data sets whose import changes what the occupation documents say.
DATASETS = frozenset({"scb-yreg", "jobtech-taxonomy", "crosswalks", "esco"})


def _join(*parts: str) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def _url(code: str, lang: str) -> str:
    with translation.override(lang):
        return reverse("insight:occupation_detail", args=[code])


def occupation_documents(keys: Iterable[str] | None = None) -> Iterator[Document]:
    from verkstad.insight.models import (
        EscoOccupation,
        EscoOccupationSkill,
        EscoSkill,
        OccupationName,
        Relation,
        SsykGroup,
        SsykIscoLink,
    )

    groups = SsykGroup.objects.filter(level=4).order_by("code")
    if keys is not None:
        groups = groups.filter(code__in=[str(k) for k in keys])
    groups = list(groups)
    if not groups:
        return
    codes = [g.code for g in groups]

    names: dict[str, list[str]] = defaultdict(list)
    for code, label in (
        OccupationName.objects.filter(ssyk_jobtech__in=codes)
        .order_by("label_sv")
        .values_list("ssyk_jobtech", "label_sv")
    ):
        names[code].append(label)

    links = SsykIscoLink.objects.filter(ssyk__in=codes)
    isco_by_ssyk: dict[str, set[str]] = defaultdict(set)
    for ssyk, isco in links.values_list("ssyk_id", "isco_id"):
        isco_by_ssyk[ssyk].add(isco)
    # Subqueries, not lists: a full rebuild reads about 3,000 ESCO occupations.
    esco_rows = EscoOccupation.objects.filter(isco__in=links.values("isco_id"))
    esco_by_isco: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for uri, label, isco in esco_rows.order_by("label_en").values_list("uri", "label_en", "isco"):
        esco_by_isco[isco].append((uri, label))
    relations = EscoOccupationSkill.objects.filter(
        occupation__in=esco_rows.values("uri"), relation=Relation.ESSENTIAL
    )
    skills_by_esco: dict[str, list[str]] = defaultdict(list)
    for occupation, skill in relations.values_list("occupation_id", "skill_id"):
        skills_by_esco[occupation].append(skill)
    skill_labels = dict(
        EscoSkill.objects.filter(uri__in=relations.values("skill_id")).values_list(
            "uri", "label_en"
        )
    )

    for group in groups:
        esco = [pair for isco in sorted(isco_by_ssyk[group.code]) for pair in esco_by_isco[isco]]
        counts = Counter(skill for uri, _ in esco for skill in skills_by_esco[uri])
        # Most common first; ties by label, so the text (and its hash) is stable.
        skills = heapq.nsmallest(
            SKILLS_PER_OCCUPATION,
            (s for s in counts if s in skill_labels),
            key=lambda s: (-counts[s], skill_labels[s]),
        )
        skill_names = [skill_labels[s] for s in skills]
        texts = {
            "sv": (
                group.label_sv or group.label_en,
                _join(f"SSYK {group.code}", ", ".join(names[group.code])),
            ),
            "en": (
                group.label_en or group.label_sv,
                _join(
                    f"SSYK {group.code}",
                    ", ".join(label for _, label in esco[:ESCO_OCCUPATIONS_PER_OCCUPATION]),
                    ", ".join(skill_names),
                ),
            ),
        }
        for lang, (title, body) in texts.items():
            yield Document(
                type="occupation",
                key=group.code,
                slug=group.code,
                lang=lang,
                title=title,
                body=body,
                url=_url(group.code, lang),
            )


def _group_refs(group: Any) -> list[Ref]:
    return [("occupation", str(group.code))] if group.level == 4 else []


def _dataset_refs(dataset: Any) -> list[Ref]:
    from verkstad.insight.models import SsykGroup

    if dataset.slug not in DATASETS:
        return []
    codes = SsykGroup.objects.filter(level=4).values_list("code", flat=True)
    return [("occupation", code) for code in codes]


def register_occupations() -> None:
    from verkstad.insight.models import DataSet, SsykGroup

    register(
        DocumentSource(
            type="occupation",
            label=_("Occupations"),
            documents=occupation_documents,
            hooks=[SignalHook(SsykGroup, _group_refs), SignalHook(DataSet, _dataset_refs)],
        )
    )
