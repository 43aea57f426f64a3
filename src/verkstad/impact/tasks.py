"""Background tasks of the impact app (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from verkstad.impact.services import brief_findings_record


@task()
def brief_download_task(
    *,
    brief_id: int | None,
    finding_slugs: list[str] | None,
    region: str,
    audience: str,
    kind: str,
) -> int:
    """Count one served brief as one reach of each finding in it."""
    return brief_findings_record(
        brief_id=brief_id,
        finding_slugs=finding_slugs,
        region=region,
        audience=audience,
        channel_detail=kind,
    )
