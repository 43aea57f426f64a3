"""Background tasks of the briefs app (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from verkstad.briefs.models import Brief
from verkstad.briefs.services import brief_pdf_render


@task()
def brief_pdf_task(brief_id: int) -> dict[str, str] | None:
    """Make one brief's PDF if its stored PDF is not current."""
    brief = Brief.objects.filter(pk=brief_id).first()
    if brief is None:
        return None
    brief = brief_pdf_render(brief=brief)
    return {"content_hash": brief.content_hash, "error": brief.pdf_error}
