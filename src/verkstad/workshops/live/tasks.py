"""Background tasks of live sessions (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from verkstad.workshops.live.models import ReportFile
from verkstad.workshops.live.report_pdf import report_pdf_render


@task()
def live_report_pdf_task(report_file_id: int) -> dict[str, str] | None:
    """Make one session report's PDF if the stored one is not current."""
    report_file = ReportFile.objects.select_related("session").filter(pk=report_file_id).first()
    if report_file is None:
        return None
    report_file = report_pdf_render(report_file=report_file)
    return {"content_hash": report_file.content_hash, "error": report_file.error}
