"""Background tasks that keep the search index current (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from verkstad.search import services


@task()
def index_refresh_task(refs: list[list[str]]) -> dict[str, int]:
    """Rewrite the documents of these ``[type, key]`` pairs."""
    report = services.index_refresh((t, k) for t, k in refs)
    return {
        "created": report.created,
        "updated": report.updated,
        "deleted": report.deleted,
        "unchanged": report.unchanged,
    }


@task()
def embed_pending_task() -> int:
    """Embed every document whose text changed since it was last embedded."""
    return services.embed_pending()
