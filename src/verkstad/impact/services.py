"""Writes of the impact app: knowledge-use records and the page counter."""

from __future__ import annotations

import logging
import re
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from verkstad.accounts.models import ActorType, User
from verkstad.accounts.permissions import Capability, user_can
from verkstad.impact.models import Channel, KnowledgeUse, Outcome, PageCount
from verkstad.knowledge.models import Finding

logger = logging.getLogger(__name__)


def _source_key(source_object: models.Model | None) -> tuple[str, ContentType | None, int | None]:
    if source_object is None or source_object.pk is None:
        return "", None, None
    ct = ContentType.objects.get_for_model(source_object)
    return f"{ct.app_label}.{ct.model}:{source_object.pk}"[:80], ct, source_object.pk


def knowledge_use_record(
    *,
    finding: Finding,
    channel: str,
    outcome: str = Outcome.REACHED,
    actor_type: str = "",
    municipality: str = "",
    source_object: models.Model | None = None,
    day: date | None = None,
) -> KnowledgeUse:
    """Count one use of ``finding`` that the platform saw itself.

    One row per (finding, channel, outcome, actor type, region, source object, day) holds
    the count; a second use on the same day adds one to it. ``municipality`` is a
    four-digit municipality code, a two-digit county code or "". Bad codes raise
    ``ValueError`` (the caller passes what it already validated).
    """
    channel = Channel(channel).value
    outcome = Outcome(outcome).value
    if actor_type and actor_type not in ActorType.values:
        raise ValueError(f"Unknown actor type {actor_type!r}.")
    municipality_code, county_code = region_split(municipality)
    key, source_type, source_id = _source_key(source_object)
    day = day or timezone.localdate()
    lookup = {
        "finding": finding,
        "channel": channel,
        "outcome": outcome,
        "actor_type": actor_type,
        "municipality_code": municipality_code,
        "county_code": county_code,
        "source_key": key,
        "day": day,
        "automatic": True,
    }
    with transaction.atomic():
        use, created = KnowledgeUse.objects.get_or_create(
            **lookup, defaults={"source_type": source_type, "source_id": source_id, "count": 1}
        )
        if not created:
            KnowledgeUse.objects.filter(pk=use.pk).update(count=F("count") + 1)
            use.refresh_from_db(fields=["count"])
    return use


def region_split(region: str) -> tuple[str, str]:
    """``"2081"`` → ("2081", "20"); ``"20"`` → ("", "20"); ``""`` → ("", "")."""
    region = (region or "").strip()
    if not region:
        return "", ""
    if len(region) == 4 and region.isdigit():
        return region, region[:2]
    if len(region) == 2 and region.isdigit():
        return "", region
    raise ValueError(f"{region!r} is neither a municipality nor a county code.")


def knowledge_use_create(*, use: KnowledgeUse, recorded_by: User | None) -> KnowledgeUse:
    """Save a record an editor made (a citation in a plan or decision, a commitment)."""
    use.automatic = False
    use.recorded_by = recorded_by
    if use.municipality_code:
        use.county_code = use.municipality_code[:2]
    use.full_clean()
    use.save()
    return use


def brief_findings_record(
    *,
    brief_id: int | None,
    finding_slugs: list[str] | None,
    region: str,
    audience: str,
    channel_detail: str,
) -> int:
    """Count one download of a brief as one reach of each of its findings.

    ``finding_slugs`` None means "assemble the brief to find out" (the PDF view does not
    have the content at hand). Returns the number of findings counted.
    """
    from verkstad.briefs.models import Brief
    from verkstad.briefs.services import brief_content

    brief = Brief.objects.filter(pk=brief_id).first() if brief_id else None
    if finding_slugs is None:
        if brief is None:
            return 0
        finding_slugs = brief_finding_slugs(brief_content(brief=brief))
    findings = Finding.objects.filter(slug__in=finding_slugs)
    audience = audience if audience in ActorType.values else ""
    for finding in findings:
        knowledge_use_record(
            finding=finding,
            channel=Channel.BRIEF,
            actor_type=audience,
            municipality=region,
            source_object=brief,
        )
    logger.debug("Brief %s (%s): %d findings counted", brief_id, channel_detail, len(findings))
    return len(findings)


def brief_finding_slugs(content: object) -> list[str]:
    """The slugs of the findings a brief's assembled content carries."""
    section = content.section("findings")  # type: ignore[attr-defined]
    return [item.slug for item in section.data] if section is not None else []


def brief_download_record(
    *,
    request: HttpRequest,
    brief: object | None,
    region: str,
    audience: str,
    kind: str,
    content: object | None = None,
) -> None:
    """The briefs views' one hook: count a served brief (HTML or PDF) for its findings.

    The counting runs as a background task, so the download waits for one queued row at
    most; robots and HEAD requests are not counted. Never raises: a failure to count is
    logged and the brief is served all the same.
    """
    if request.method != "GET" or is_robot(request):
        return
    if user_can(request.user, Capability.EDIT_CONTENT):
        return  # the project's own editors previewing their briefs reach no one
    slugs = brief_finding_slugs(content) if content is not None else None
    if slugs == []:
        return  # a brief without findings reaches no finding
    try:
        from verkstad.impact.tasks import brief_download_task

        brief_download_task.enqueue(
            brief_id=getattr(brief, "pk", None),
            finding_slugs=slugs,
            region=region,
            audience=audience,
            kind=kind,
        )
    except Exception:  # noqa: BLE001 counting must never break the download
        logger.exception("Could not queue the count of a brief download")


_ROBOT = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|monitor|uptime"
    r"|python-requests|python-urllib|httpx|aiohttp|curl|wget|go-http-client|java/|okhttp"
    r"|headless|lighthouse|pagespeed|scrapy|feedfetcher|validator",
    re.IGNORECASE,
)


def is_robot(request: HttpRequest) -> bool:
    """A client that says it is a program (by its User-Agent), or says nothing at all."""
    agent = request.headers.get("User-Agent", "")
    return not agent.strip() or bool(_ROBOT.search(agent))


# --- the page counter --------------------------------------------------------------------


def page_count_increment(*, path: str, view_name: str, kind: str, day: date | None = None) -> None:
    """Add one to the (day, path, kind) counter in one statement (an UPSERT).

    ``INSERT … ON CONFLICT DO UPDATE SET count = count + 1`` works the same on SQLite
    (3.24+) and PostgreSQL, takes one round trip and cannot lose an increment to a race.
    """
    q = connection.ops.quote_name
    table = q(PageCount._meta.db_table)
    columns = ("day", "path", "view_name", "kind", "count")
    day_, path_, view_, kind_, count_ = (q(c) for c in columns)
    day = day or timezone.localdate()
    sql = (
        f"INSERT INTO {table} ({day_}, {path_}, {view_}, {kind_}, {count_}) "
        f"VALUES (%s, %s, %s, %s, 1) ON CONFLICT ({day_}, {path_}, {kind_}) "
        f"DO UPDATE SET {count_} = {table}.{count_} + 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [day.isoformat(), path[:300], view_name[:100], kind])
