"""Revision history: a JSON snapshot per save, and a readable diff between two."""

from __future__ import annotations

import difflib
import json
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from verkstad.knowledge.models import Revision, RevisionOrigin


def revision_record(
    *,
    obj: models.Model,
    snapshot: dict[str, Any],
    origin: RevisionOrigin,
    author: Any = None,
) -> Revision:
    return Revision.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        snapshot=snapshot,
        origin=origin,
        author=author if author is not None and author.is_authenticated else None,
    )


def revision_list(*, obj: models.Model) -> models.QuerySet[Revision]:
    return Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("author")


def _lines(snapshot: dict[str, Any]) -> list[str]:
    return json.dumps(snapshot, indent=2, ensure_ascii=False, sort_keys=True).splitlines()


def revision_diff(*, older: Revision | None, newer: Revision) -> list[str]:
    """Unified diff lines from ``older`` (or nothing) to ``newer``."""
    before = _lines(older.snapshot) if older is not None else []
    return list(
        difflib.unified_diff(
            before,
            _lines(newer.snapshot),
            fromfile=f"#{older.pk}" if older is not None else "(none)",
            tofile=f"#{newer.pk}",
            lineterm="",
        )
    )
