"""Writes and reads around a brief: its row, its content and its stored PDF.

The PDF is keyed by the content hash (:func:`verkstad.briefs.assemble.content_hash`):
``Brief.content_hash`` is the hash the stored PDF was made from. Asking for the PDF when
the hash no longer matches queues one render (``pdf_requested_hash`` remembers which), and
a failed render keeps the previous file and stores the error for editors.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from verkstad.briefs.assemble import BriefContent, BriefRequest, brief_assemble, content_hash
from verkstad.briefs.models import Brief
from verkstad.briefs.regions import BriefRegion
from verkstad.briefs.render import brief_pdf

logger = logging.getLogger(__name__)

#: A render that has not finished after this long is taken as lost and asked for again.
RENDER_TIMEOUT = timedelta(minutes=10)


def brief_find(*, region: BriefRegion, audience: str, language: str) -> Brief | None:
    return Brief.objects.filter(
        county=region.county,
        municipality_code=region.municipality,
        audience=audience,
        language=language,
    ).first()


def brief_get_or_create(*, region: BriefRegion, audience: str, language: str) -> Brief:
    brief, _created = Brief.objects.get_or_create(
        county=region.county,
        municipality_code=region.municipality,
        audience=audience,
        language=language,
    )
    return brief


def brief_request(
    *, region: BriefRegion, audience: str, language: str, brief: Brief | None = None
) -> BriefRequest:
    """What to assemble: the region, audience and language, plus what editors added."""
    if brief is None:
        return BriefRequest(region=region, audience=audience, language=language)
    return BriefRequest(
        region=region,
        audience=audience,
        language=language,
        introduction=brief.introduction,
        conversation_ids=tuple(sorted(brief.conversations.values_list("pk", flat=True))),
    )


def brief_content(*, brief: Brief) -> BriefContent:
    region = BriefRegion(county=brief.county, municipality=brief.municipality_code)
    return brief_assemble(
        request=brief_request(
            region=region, audience=brief.audience, language=brief.language, brief=brief
        )
    )


def _pdf_name(brief: Brief, digest: str) -> str:
    return f"briefs/{brief.region_code}-{brief.audience}-{brief.language}-{digest[:16]}.pdf"


def brief_pdf_render(*, brief: Brief, force: bool = False) -> Brief:
    """Make and store the brief's PDF unless the stored one is current (or ``force``).

    On failure the previous PDF stays, and the error is kept in ``pdf_error``.
    """
    content = brief_content(brief=brief)
    digest = content_hash(content)
    if not force and brief.pdf and brief.content_hash == digest:
        return brief
    try:
        data = brief_pdf(content=content)
    except Exception as exc:  # noqa: BLE001 any render failure is recorded for editors
        logger.exception("Brief %s: PDF render failed", brief.pk)
        Brief.objects.filter(pk=brief.pk).update(
            pdf_error=f"{type(exc).__name__}: {exc}"[:2000], pdf_requested_hash=digest
        )
        brief.refresh_from_db()
        return brief
    old_name = brief.pdf.name if brief.pdf else ""
    name = default_storage.save(_pdf_name(brief, digest), ContentFile(data))
    with transaction.atomic():
        Brief.objects.filter(pk=brief.pk).update(
            pdf=name,
            content_hash=digest,
            pdf_rendered_at=timezone.now(),
            pdf_error="",
            pdf_requested_hash=digest,
        )
    if old_name and old_name != name:
        default_storage.delete(old_name)
    brief.refresh_from_db()
    return brief


def _pdf_enqueue(brief_id: int) -> None:
    from verkstad.briefs.tasks import brief_pdf_task

    brief_pdf_task.enqueue(brief_id)


class PdfState(StrEnum):
    READY = "ready"  # the stored PDF is current
    RENDERING = "rendering"  # a render for the current content is queued or running
    FAILED = "failed"  # the render for the current content failed


@dataclass
class PdfStatus:
    state: PdfState
    brief: Brief
    digest: str

    @property
    def has_previous(self) -> bool:
        """A PDF of an older version of the content is stored."""
        return bool(self.brief.pdf) and self.state != PdfState.READY


def brief_pdf_status(*, brief: Brief, content: BriefContent | None = None) -> PdfStatus:
    """Where the brief's PDF stands against its current content.

    Writes only to forget a stored file that is no longer in storage."""
    digest = content_hash(content or brief_content(brief=brief))
    if brief.pdf and not default_storage.exists(brief.pdf.name):
        # The file went missing from storage (restored database, lost volume): remake it.
        Brief.objects.filter(pk=brief.pk).update(pdf="", content_hash="")
        brief.pdf, brief.content_hash = "", ""
    if brief.pdf and brief.content_hash == digest:
        return PdfStatus(PdfState.READY, brief, digest)
    if brief.pdf_requested_hash == digest and brief.pdf_error:
        return PdfStatus(PdfState.FAILED, brief, digest)
    return PdfStatus(PdfState.RENDERING, brief, digest)


def brief_pdf_request(*, brief: Brief, content: BriefContent | None = None) -> PdfStatus:
    """Queue a render when the stored PDF is not current and none is under way."""
    status = brief_pdf_status(brief=brief, content=content)
    if status.state != PdfState.RENDERING:
        return status
    now = timezone.now()
    lost = brief.pdf_requested_at is None or now - brief.pdf_requested_at > RENDER_TIMEOUT
    if brief.pdf_requested_hash != status.digest or lost:
        Brief.objects.filter(pk=brief.pk).update(
            pdf_requested_hash=status.digest, pdf_requested_at=now, pdf_error=""
        )
        _pdf_enqueue(brief.pk)
        brief.refresh_from_db()
        return brief_pdf_status(brief=brief, content=content)
    return status
