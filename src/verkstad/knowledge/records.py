"""How each kind of content row maps to the plain data kept in ``content/``.

One :class:`Kind` per model: its fields (text pairs, plain values, lists) and its
links to other rows by slug. ``as_dict`` gives the canonical data of a row (what
``dump_content`` writes and what the content hash is computed over); ``apply``
writes data onto a row. Empty values are left out of the data, so files stay short
and a round trip is exact.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from verkstad.knowledge.models import (
    BigQuestion,
    ContextFact,
    Finding,
    FindingAudience,
    FindingSource,
    Recommendation,
    SeedStatement,
    Source,
    Theme,
)

LANGS = ("sv", "en")


@dataclass(frozen=True)
class Spec:
    """One key of the data. ``kind`` is str, int, bool, pair or list."""

    key: str
    kind: str
    required: bool = False


def _s(key: str, required: bool = False) -> Spec:
    return Spec(key, "str", required)


def _i(key: str, required: bool = False) -> Spec:
    return Spec(key, "int", required)


def _p(key: str, required: bool = False) -> Spec:
    return Spec(key, "pair", required)


def _l(key: str) -> Spec:
    return Spec(key, "list")


@dataclass(frozen=True)
class Link:
    """A list of slugs naming rows of another kind (``target``)."""

    key: str
    target: str
    attr: str


@dataclass
class Kind:
    name: str
    model: type[models.Model]
    specs: list[Spec]
    links: list[Link] = field(default_factory=list)
    # Extra keys with their own reading and writing (finding sources, audiences …).
    extra_keys: tuple[str, ...] = ()
    extra_as_dict: Callable[[Any], dict[str, Any]] | None = None

    @property
    def keys(self) -> list[str]:
        return [s.key for s in self.specs] + [lk.key for lk in self.links] + list(self.extra_keys)


def _field_value(obj: models.Model, spec: Spec) -> Any:
    if spec.kind == "pair":
        pair = {lang: getattr(obj, f"{spec.key}_{lang}") or "" for lang in LANGS}
        return pair if any(pair.values()) else None
    value = getattr(obj, spec.key)
    if spec.kind == "list":
        return list(value) or None
    if spec.kind == "bool":
        return True if value else None
    return value if value not in ("", None) else None


def as_dict(kind: Kind, obj: models.Model) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for spec in kind.specs:
        value = _field_value(obj, spec)
        if value is not None:
            data[spec.key] = value
    for link in kind.links:
        slugs = list(getattr(obj, link.attr).order_by("slug").values_list("slug", flat=True))
        if slugs:
            data[link.key] = slugs
    if kind.extra_as_dict is not None:
        data.update(kind.extra_as_dict(obj))
    return data


def content_hash(data: dict[str, Any]) -> str:
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def apply_fields(kind: Kind, obj: models.Model, data: dict[str, Any]) -> None:
    """Set every plain field of ``obj`` from ``data`` (missing keys become empty)."""
    for spec in kind.specs:
        value = data.get(spec.key)
        if spec.kind == "pair":
            value = value or {}
            for lang in LANGS:
                setattr(obj, f"{spec.key}_{lang}", value.get(lang) or "")
        elif spec.kind == "list":
            setattr(obj, spec.key, list(value or []))
        elif spec.kind == "bool":
            setattr(obj, spec.key, bool(value))
        elif spec.kind == "int":
            setattr(obj, spec.key, value)
        else:
            setattr(obj, spec.key, "" if value is None else value)


def _is_empty(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_is_empty(v) for v in value.values())
    return value is None or value is False or (isinstance(value, str | list) and not value)


def normalize(kind: Kind, data: dict[str, Any]) -> dict[str, Any]:
    """File data in the canonical shape of :func:`as_dict` (for hashing and comparing)."""
    result: dict[str, Any] = {}
    for key in kind.keys:
        if key not in data or (_is_empty(data[key]) and key != "summary"):
            continue
        value = data[key]
        if any(link.key == key for link in kind.links):
            value = sorted(value)
        result[key] = value
    return result


def _finding_extra(finding: Finding) -> dict[str, Any]:
    data: dict[str, Any] = {}
    citations = [
        {"source": c.source.slug, **({"locator": c.locator} if c.locator else {})}
        for c in finding.citations.select_related("source").order_by("position", "id")
    ]
    if citations:
        data["sources"] = citations
    audiences = {
        a.actor_type: {"sv": a.text_sv, "en": a.text_en}
        for a in sorted(finding.audiences.all(), key=lambda a: _ACTOR_ORDER.get(a.actor_type, 99))
    }
    if audiences:
        data["for"] = audiences
    summary = {lang: getattr(finding, f"summary_{lang}") for lang in LANGS}
    data["summary"] = summary
    return data


def _question_extra(question: BigQuestion) -> dict[str, Any]:
    statements = []
    for st in question.seed_statements.select_related("finding").order_by("position"):
        item: dict[str, Any] = {"text": {"sv": st.text_sv, "en": st.text_en}}
        if st.finding_id:
            item["finding"] = st.finding.slug
        statements.append(item)
    return {"seed_statements": statements} if statements else {}


def _actor_order() -> dict[str, int]:
    from verkstad.accounts.models import ActorType

    return {value: i for i, value in enumerate(ActorType.values)}


_ACTOR_ORDER = _actor_order()

THEME = Kind(
    "theme",
    Theme,
    [_s("slug", True), _i("position", True), _p("title", True), _p("description")],
)
QUESTION = Kind(
    "question",
    BigQuestion,
    [_s("slug", True), _i("number", True), _p("title", True), _p("description")],
    extra_keys=("seed_statements",),
    extra_as_dict=_question_extra,
)
SOURCE = Kind(
    "source",
    Source,
    [
        _s("slug", True),
        _s("code"),
        _s("publication_type", True),
        _l("authors"),
        _s("corporate_author"),
        _i("year"),
        _s("date"),
        _s("title", True),
        _p("title_gloss"),
        _s("container"),
        _s("volume"),
        _s("issue"),
        _s("pages"),
        _s("report_number"),
        _s("publisher"),
        _s("doi"),
        _s("urn"),
        _s("isbn"),
        _s("url"),
        _s("language"),
        Spec("open_access", "bool"),
        _p("abstract"),
        _s("verification", True),
        _p("verification_note"),
    ],
)
FINDING = Kind(
    "finding",
    Finding,
    [
        _s("slug", True),
        _i("number", True),
        _s("status", True),
        _p("title", True),
        _p("claim", True),
        _p("easy_read"),
        _s("evidence_type", True),
        _i("evidence_strength", True),
        _p("strength_reason", True),
        _i("companies"),
        _i("people"),
        _p("sample"),
        _p("mechanism_technical"),
        _p("mechanism_organisational"),
        _p("context"),
        _s("verification", True),
        _p("verification_note"),
        _l("ssyk_codes"),
        _l("esco_skills"),
    ],
    links=[
        Link("themes", "theme", "themes"),
        Link("questions", "question", "questions"),
        Link("related", "finding", "related"),
    ],
    extra_keys=("sources", "for", "summary"),
    extra_as_dict=_finding_extra,
)
RECOMMENDATION = Kind(
    "recommendation",
    Recommendation,
    [
        _s("slug", True),
        _i("number", True),
        _s("heading", True),
        _p("text", True),
        _s("verification", True),
        _p("verification_note"),
    ],
    links=[Link("sources", "source", "sources"), Link("findings", "finding", "findings")],
)
CONTEXT_FACT = Kind(
    "context_fact",
    ContextFact,
    [
        _s("slug", True),
        _i("number", True),
        _p("text", True),
        _s("source_citation", True),
        _i("year"),
        _s("verification", True),
        _p("verification_note"),
    ],
    links=[Link("themes", "theme", "themes")],
)

KINDS: dict[str, Kind] = {
    k.name: k for k in (THEME, QUESTION, SOURCE, FINDING, RECOMMENDATION, CONTEXT_FACT)
}

__all__ = [
    "KINDS",
    "Kind",
    "FindingAudience",
    "FindingSource",
    "SeedStatement",
    "apply_fields",
    "as_dict",
    "content_hash",
    "normalize",
]
