"""``load_content``: files under ``content/`` into rows, validated, in one transaction.

:func:`content_load` reads every file, checks everything (both languages, known
sources, themes and questions, valid codes, unique slugs, strength 1–5 …) and, only
when there is no error, writes in one transaction. Every error names ``file:line``.

The conflict rule: each loaded row keeps the hash of what was loaded. If the row's
current content no longer has that hash, an editor changed it after the last load;
loading then leaves the row as it is and reports a conflict, unless ``force``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import translation

from verkstad.accounts.models import ActorType
from verkstad.knowledge.codes import REPO_ROOT
from verkstad.knowledge.content_format import (
    ContentError,
    ContentSyntaxError,
    Document,
    parse_finding,
    parse_yaml,
)
from verkstad.knowledge.models import (
    Finding,
    FindingAudience,
    FindingSource,
    RevisionOrigin,
    SeedStatement,
)
from verkstad.knowledge.readability import lix
from verkstad.knowledge.records import (
    KINDS,
    LANGS,
    Kind,
    apply_fields,
    as_dict,
    content_hash,
    normalize,
)
from verkstad.knowledge.revisions import revision_record

LIX_LIMIT = 40

#: The structured files: file name, top-level key, kind. Findings are one file each.
FILES = [
    ("themes.yaml", "themes", "theme"),
    ("questions.yaml", "questions", "question"),
    ("sources.yaml", "sources", "source"),
    ("recommendations.yaml", "recommendations", "recommendation"),
    ("context.yaml", "context_facts", "context_fact"),
]
FINDINGS_DIR = "findings"


@dataclass
class Item:
    kind: Kind
    doc: Document  # data of this one item, lines relative to it

    @property
    def slug(self) -> str:
        return str(self.doc.data.get("slug", ""))

    def error(self, message: str, *key: object) -> ContentError:
        return ContentError(self.doc.path, self.doc.line(*key), message)


@dataclass
class LoadReport:
    errors: list[ContentError] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    forced: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


# --- reading ----------------------------------------------------------------------------


def _display(root: Path, path: Path) -> str:
    return str(root / path.relative_to(root))


def content_read(root: Path) -> tuple[list[Item], list[ContentError]]:
    """Parse every content file under ``root`` into items (no database)."""
    items: list[Item] = []
    errors: list[ContentError] = []
    if not root.is_dir():
        return [], [ContentError(str(root), 0, "no such content folder")]
    for filename, top_key, kind_name in FILES:
        path = root / filename
        shown = _display(root, path)
        if not path.is_file():
            errors.append(ContentError(shown, 0, "file missing"))
            continue
        try:
            doc = parse_yaml(path.read_text(encoding="utf-8"), shown)
        except ContentSyntaxError as exc:
            errors.append(exc.error)
            continue
        if not isinstance(doc.data, dict) or not isinstance(doc.data.get(top_key), list):
            errors.append(ContentError(shown, 1, f"expected a list under '{top_key}:'"))
            continue
        for index, entry in enumerate(doc.data[top_key]):
            sub = doc.sub(top_key, index)
            if not isinstance(entry, dict):
                errors.append(ContentError(shown, sub.line(), "each entry must be a mapping"))
                continue
            items.append(Item(KINDS[kind_name], sub))
    findings_dir = root / FINDINGS_DIR
    for path in sorted(findings_dir.glob("*.md")) if findings_dir.is_dir() else []:
        shown = _display(root, path)
        try:
            doc = parse_finding(path.read_text(encoding="utf-8"), shown)
        except ContentSyntaxError as exc:
            errors.append(exc.error)
            continue
        items.append(Item(KINDS["finding"], doc))
    return items, errors


# --- validating --------------------------------------------------------------------------


def _check_shape(item: Item) -> list[ContentError]:
    data = item.doc.data
    errors: list[ContentError] = []
    known = set(item.kind.keys)
    for key in data:
        if key not in known:
            errors.append(item.error(f"unknown key '{key}'", key))
    for spec in item.kind.specs:
        value = data.get(spec.key)
        if value is None:
            if spec.required:
                errors.append(item.error(f"'{spec.key}' is required"))
            continue
        if spec.kind == "pair":
            if not isinstance(value, dict):
                errors.append(item.error(f"'{spec.key}' needs 'sv:' and 'en:'", spec.key))
                continue
            for extra in set(value) - set(LANGS):
                errors.append(
                    item.error(f"'{spec.key}' has an unknown language '{extra}'", spec.key, extra)
                )
            filled = [
                lang for lang in LANGS if isinstance(value.get(lang), str) and value[lang].strip()
            ]
            if filled and len(filled) < len(LANGS) or (spec.required and not filled):
                for lang in LANGS:
                    if lang not in filled:
                        name = "Swedish" if lang == "sv" else "English"
                        errors.append(
                            item.error(f"'{spec.key}' has no {name} text ({lang})", spec.key, lang)
                        )
        elif spec.kind == "int" and (not isinstance(value, int) or isinstance(value, bool)):
            errors.append(item.error(f"'{spec.key}' must be a whole number", spec.key))
        elif spec.kind == "bool" and not isinstance(value, bool):
            errors.append(item.error(f"'{spec.key}' must be true or false", spec.key))
        elif spec.kind == "list" and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            errors.append(item.error(f"'{spec.key}' must be a list of texts", spec.key))
        elif spec.kind == "str" and not isinstance(value, str):
            errors.append(item.error(f"'{spec.key}' must be a text", spec.key))
    for link in item.kind.links:
        value = data.get(link.key)
        if value is not None and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            errors.append(item.error(f"'{link.key}' must be a list of slugs", link.key))
    return errors


def _model_errors(item: Item) -> list[ContentError]:
    """Django's own field validation (choices, lengths, URLs, codes, 1–5 …), by line."""
    obj = item.kind.model()
    apply_fields(item.kind, obj, item.doc.data)
    errors: list[ContentError] = []
    try:
        # The summaries are checked with their own message in _check_finding_extras.
        obj.clean_fields(exclude={"content_hash", "summary_sv", "summary_en"})
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            key: tuple[str, ...] = (field_name,)
            for lang in LANGS:
                if field_name.endswith(f"_{lang}") and field_name[:-3] in item.doc.data:
                    key = (field_name[:-3], lang)
            for message in messages:
                errors.append(item.error(f"{'.'.join(key)}: {message}", *key))
    return errors


def _check_finding_extras(item: Item, slugs: dict[str, set[str]]) -> list[ContentError]:
    data = item.doc.data
    errors: list[ContentError] = []
    sources = data.get("sources")
    if not isinstance(sources, list) or not sources:
        errors.append(item.error("a finding cites at least one source ('sources:')", "sources"))
    else:
        seen: set[str] = set()
        for i, citation in enumerate(sources):
            if not isinstance(citation, dict) or not isinstance(citation.get("source"), str):
                errors.append(item.error("each source needs 'source: <slug>'", "sources", i))
                continue
            slug = citation["source"]
            if slug not in slugs["source"]:
                errors.append(item.error(f"unknown source '{slug}'", "sources", i, "source"))
            if slug in seen:
                errors.append(item.error(f"source '{slug}' is cited twice", "sources", i))
            seen.add(slug)
            for key in set(citation) - {"source", "locator"}:
                errors.append(item.error(f"unknown key '{key}'", "sources", i, key))
    audiences = data.get("for") or {}
    if not isinstance(audiences, dict):
        errors.append(item.error("'for' maps actor types to 'sv:'/'en:' texts", "for"))
        audiences = {}
    for actor, pair in audiences.items():
        if actor not in ActorType.values:
            errors.append(item.error(f"unknown actor type '{actor}'", "for", actor))
        if not isinstance(pair, dict) or not all(
            isinstance(pair.get(lang), str) and pair[lang].strip() for lang in LANGS
        ):
            errors.append(
                item.error(f"'for.{actor}' needs both Swedish and English text", "for", actor)
            )
    summary = data.get("summary") or {}
    for lang, heading in (("sv", "## Svenska"), ("en", "## English")):
        if not summary.get(lang):
            errors.append(
                item.error(
                    f"the plain summary under '{heading}' is missing or empty", "summary", lang
                )
            )
    return errors


def _check_question_extras(item: Item, slugs: dict[str, set[str]]) -> list[ContentError]:
    errors: list[ContentError] = []
    statements = item.doc.data.get("seed_statements") or []
    if not isinstance(statements, list):
        return [item.error("'seed_statements' must be a list", "seed_statements")]
    for i, st in enumerate(statements):
        text = st.get("text") if isinstance(st, dict) else None
        if not isinstance(text, dict) or not all(
            isinstance(text.get(lang), str) and text[lang].strip() for lang in LANGS
        ):
            errors.append(
                item.error("a seed statement needs Swedish and English text", "seed_statements", i)
            )
        finding = st.get("finding") if isinstance(st, dict) else None
        if finding is not None and finding not in slugs["finding"]:
            errors.append(
                item.error(f"unknown finding '{finding}'", "seed_statements", i, "finding")
            )
    return errors


def content_validate(items: list[Item]) -> tuple[list[ContentError], list[ContentError]]:
    """All errors and warnings for a set of parsed items (no database writes)."""
    errors: list[ContentError] = []
    warnings: list[ContentError] = []
    slugs: dict[str, set[str]] = {name: set() for name in KINDS}
    numbers: dict[str, dict[int, Item]] = {name: {} for name in KINDS}
    first_seen: dict[tuple[str, str], Item] = {}
    for item in items:
        name = item.kind.name
        if (name, item.slug) in first_seen:
            other = first_seen[(name, item.slug)]
            errors.append(
                item.error(
                    f"duplicate {name} slug '{item.slug}' (also at "
                    f"{other.doc.path}:{other.doc.line('slug')})",
                    "slug",
                )
            )
        first_seen.setdefault((name, item.slug), item)
        slugs[name].add(item.slug)
        number = item.doc.data.get("number")
        if isinstance(number, int) and "number" in item.kind.keys:
            if number in numbers[name]:
                errors.append(item.error(f"duplicate {name} number {number}", "number"))
            numbers[name][number] = item
    for item in items:
        shape = _check_shape(item)
        errors.extend(shape)
        if not shape:
            errors.extend(_model_errors(item))
        for link in item.kind.links:
            for i, slug in enumerate(item.doc.data.get(link.key) or []):
                if isinstance(slug, str) and slug not in slugs[link.target]:
                    errors.append(item.error(f"unknown {link.target} '{slug}'", link.key, i))
        if item.kind.name == "finding":
            errors.extend(_check_finding_extras(item, slugs))
            summary_sv = (item.doc.data.get("summary") or {}).get("sv") or ""
            score = lix(summary_sv)
            if summary_sv and score > LIX_LIMIT:
                warnings.append(
                    item.error(
                        f"plain summary has LIX {score:.0f}; aim for {LIX_LIMIT} or lower",
                        "summary",
                        "sv",
                    )
                )
        if item.kind.name == "question":
            errors.extend(_check_question_extras(item, slugs))
    errors.sort(key=lambda e: (e.path, e.line))
    return errors, warnings


# --- writing -----------------------------------------------------------------------------


def _apply_links(item: Item, obj: models.Model, lookup: dict[str, dict[str, Any]]) -> None:
    for link in item.kind.links:
        targets = [lookup[link.target][s] for s in item.doc.data.get(link.key) or []]
        getattr(obj, link.attr).set(targets)


def _apply_finding_extras(
    finding: Finding, data: dict[str, Any], lookup: dict[str, dict[str, Any]]
) -> None:
    finding.summary_sv = data["summary"]["sv"]
    finding.summary_en = data["summary"]["en"]
    finding.save()
    finding.citations.all().delete()
    for position, citation in enumerate(data["sources"]):
        FindingSource.objects.create(
            finding=finding,
            source=lookup["source"][citation["source"]],
            position=position,
            locator=citation.get("locator") or "",
        )
    finding.audiences.all().delete()
    for actor, pair in (data.get("for") or {}).items():
        FindingAudience.objects.create(
            finding=finding, actor_type=actor, text_sv=pair["sv"], text_en=pair["en"]
        )


def _apply_question_extras(
    question: Any, data: dict[str, Any], lookup: dict[str, dict[str, Any]]
) -> None:
    question.seed_statements.all().delete()
    for position, st in enumerate(data.get("seed_statements") or [], start=1):
        SeedStatement.objects.create(
            question=question,
            position=position,
            text_sv=st["text"]["sv"],
            text_en=st["text"]["en"],
            finding=lookup["finding"].get(st["finding"]) if st.get("finding") else None,
        )


# Writing order: a kind's links point only to kinds written before it, except a
# finding's related findings and a question's seed statements, set in a second pass.
ORDER = ["theme", "question", "source", "finding", "recommendation", "context_fact"]


def content_load(*, path: Path, dry_run: bool = False, force: bool = False) -> LoadReport:
    """Validate ``path`` and, without errors, write it in one transaction."""
    report = LoadReport(dry_run=dry_run)
    items, errors = content_read(path)
    if not errors:
        with translation.override("en"):
            more, report.warnings = content_validate(items)
        errors.extend(more)
    report.errors = errors
    if errors:
        return report
    with transaction.atomic():
        _write(items, report, force=force)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _write(items: list[Item], report: LoadReport, *, force: bool) -> None:
    by_kind = {name: [i for i in items if i.kind.name == name] for name in ORDER}
    lookup: dict[str, dict[str, Any]] = {
        name: {o.slug: o for o in KINDS[name].model.objects.all()} for name in ORDER
    }
    to_write: dict[str, list[tuple[Item, models.Model, bool]]] = {n: [] for n in ORDER}
    # Decide per row first (before anything changes, so hashes compare like with like).
    for name in ORDER:
        kind = KINDS[name]
        for item in by_kind[name]:
            label = f"{name} {item.slug}"
            wanted = content_hash(normalize(kind, item.doc.data))
            obj = lookup[name].get(item.slug)
            if obj is None:
                to_write[name].append((item, kind.model(), True))
                report.created.append(label)
                continue
            current = content_hash(as_dict(kind, obj))
            if current == wanted:
                if obj.content_hash != current:
                    kind.model.objects.filter(pk=obj.pk).update(content_hash=current)
                report.unchanged.append(label)
                continue
            if obj.content_hash != current:
                if not force:
                    report.conflicts.append(
                        f"{item.doc.path}:{item.doc.line()}: {label} was changed in the admin "
                        "after the last load; left as it is (use --force to overwrite)"
                    )
                    continue
                report.forced.append(label)
            to_write[name].append((item, obj, False))
            report.updated.append(label)
    # First pass: fields, so every row exists.
    for name in ORDER:
        kind = KINDS[name]
        for item, obj, _created in to_write[name]:
            apply_fields(kind, obj, item.doc.data)
            if name == "finding":
                obj.summary_sv = item.doc.data["summary"]["sv"]
                obj.summary_en = item.doc.data["summary"]["en"]
            obj.save()
            lookup[name][obj.slug] = obj
    # Second pass: links and nested rows, then hash and revision.
    for name in ORDER:
        kind = KINDS[name]
        for item, obj, _created in to_write[name]:
            _apply_links(item, obj, lookup)
            if name == "finding":
                _apply_finding_extras(obj, item.doc.data, lookup)
            elif name == "question":
                _apply_question_extras(obj, item.doc.data, lookup)
    for name in ORDER:
        kind = KINDS[name]
        for _item, obj, _created in to_write[name]:
            snapshot = as_dict(kind, obj)
            obj.content_hash = content_hash(snapshot)
            kind.model.objects.filter(pk=obj.pk).update(content_hash=obj.content_hash)
            revision_record(obj=obj, snapshot=snapshot, origin=RevisionOrigin.LOADER)


def default_content_path() -> Path:
    """``content/`` at the repository root, or ``VERKSTAD_CONTENT_DIR``."""
    override = os.environ.get("VERKSTAD_CONTENT_DIR", "").strip()
    return Path(override) if override else REPO_ROOT / "content"
