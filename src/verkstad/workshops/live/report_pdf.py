"""The session report as PDF: made in a background task, stored, served from storage.

The PDF is keyed by the hash of the report document (the HTML WeasyPrint prints): asking for
it when the stored file was made from the same document serves that file; otherwise one
render is queued (never two for the same document) and the previous PDF, if any, stays
until the new one replaces it. Ending a session queues both languages at once, so the PDF
is usually ready by the time someone asks. A failed render keeps its error for the
facilitator and the previous file.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from verkstad.workshops.live.models import LiveSession, ReportFile

logger = logging.getLogger(__name__)

#: A queued render that has not finished after this long is taken to be lost.
RENDER_TIMEOUT = timedelta(minutes=10)


class PdfState(StrEnum):
    READY = "ready"
    RENDERING = "rendering"
    FAILED = "failed"


@dataclass
class PdfStatus:
    state: PdfState
    file: ReportFile
    digest: str


def _document(session: LiveSession, language: str) -> str:
    from verkstad.workshops.live.views_report import report_document_html, session_report

    return report_document_html(session_report(session), language)


def _digest(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


def _file(session: LiveSession, language: str) -> ReportFile:
    report_file, _created = ReportFile.objects.get_or_create(session=session, language=language)
    return report_file


def report_pdf_status(*, session: LiveSession, language: str) -> PdfStatus:
    report_file = _file(session, language)
    digest = _digest(_document(session, language))
    if report_file.pdf and not default_storage.exists(report_file.pdf.name):
        ReportFile.objects.filter(pk=report_file.pk).update(pdf="", content_hash="")
        report_file.pdf, report_file.content_hash = "", ""
    if report_file.pdf and report_file.content_hash == digest:
        return PdfStatus(PdfState.READY, report_file, digest)
    if report_file.requested_hash == digest and report_file.error:
        return PdfStatus(PdfState.FAILED, report_file, digest)
    return PdfStatus(PdfState.RENDERING, report_file, digest)


def report_pdf_request(*, session: LiveSession, language: str) -> PdfStatus:
    """Queue a render unless the stored PDF is current or one for this document is under way."""
    status = report_pdf_status(session=session, language=language)
    if status.state != PdfState.RENDERING:
        return status
    report_file = status.file
    now = timezone.now()
    lost = report_file.requested_at is None or now - report_file.requested_at > RENDER_TIMEOUT
    if report_file.requested_hash != status.digest or lost:
        claimed = ReportFile.objects.filter(
            pk=report_file.pk,
            requested_hash=report_file.requested_hash,
            requested_at=report_file.requested_at,
        ).update(requested_hash=status.digest, requested_at=now, error="")
        if claimed:
            _enqueue(report_file.pk)
    return report_pdf_status(session=session, language=language)


def report_pdf_request_all(*, session: LiveSession) -> None:
    """Queue the PDF in every language (when a session ends)."""
    for code, _name in settings.LANGUAGES:
        transaction.on_commit(lambda code=code: report_pdf_request(session=session, language=code))


def _enqueue(report_file_id: int) -> None:
    from verkstad.workshops.live.tasks import live_report_pdf_task

    live_report_pdf_task.enqueue(report_file_id)


def report_pdf_render(*, report_file: ReportFile) -> ReportFile:
    """Make and store the PDF unless the stored one is current; on failure keep the old one."""
    from verkstad.workshops.live.views_report import report_pdf_bytes, session_report

    session = report_file.session
    language = report_file.language
    html = _document(session, language)
    digest = _digest(html)
    if report_file.pdf and report_file.content_hash == digest:
        return report_file
    try:
        data = report_pdf_bytes(session_report(session), language)
    except Exception as exc:  # noqa: BLE001 any render failure is shown to the facilitator
        logger.exception("Live session %s: report PDF failed", session.code)
        ReportFile.objects.filter(pk=report_file.pk).update(
            error=f"{type(exc).__name__}: {exc}"[:2000], requested_hash=digest
        )
        report_file.refresh_from_db()
        return report_file
    old_name = report_file.pdf.name if report_file.pdf else ""
    name = default_storage.save(
        f"live-reports/{session.code}-{language}-{digest[:16]}.pdf", ContentFile(data)
    )
    ReportFile.objects.filter(pk=report_file.pk).update(
        pdf=name,
        content_hash=digest,
        requested_hash=digest,
        rendered_at=timezone.now(),
        error="",
    )
    if old_name and old_name != name:
        default_storage.delete(old_name)
    report_file.refresh_from_db()
    return report_file
