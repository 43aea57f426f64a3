"""The brief's section of open follow-up actions from meetings held for its region.

Registered from :class:`verkstad.workshops.apps.WorkshopsConfig` with
``section_provider_register(..., before="questions_section")`` (docs/briefs.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from verkstad.briefs.assemble import BriefContext, Section
from verkstad.workshops.models import ActionStatus, FollowUpAction, MeetingStatus

MAX_ACTIONS = 20


@dataclass
class ActionItem:
    what: str
    owner: str
    due: str  # ISO date, "" without one
    meeting: str
    meeting_date: str  # ISO date, Swedish time
    url: str


def _region_filter(county: str, municipality: str) -> Q:
    """Meetings for the region: by audience municipality, else by an organiser's."""
    if municipality:
        return Q(meeting__audience_municipality_code=municipality) | Q(
            meeting__audience_municipality_code="",
            meeting__organisers__municipality_code=municipality,
        )
    return Q(meeting__audience_municipality_code__startswith=county) | Q(
        meeting__audience_municipality_code="",
        meeting__organisers__municipality_code__startswith=county,
    )


def workshop_actions_section(ctx: BriefContext) -> Section | None:
    """Open follow-up actions from meetings in the brief's county (or municipality)."""
    from django.utils import timezone

    region = ctx.request.region
    actions = (
        FollowUpAction.objects.filter(status=ActionStatus.OPEN)
        .exclude(meeting__status=MeetingStatus.DRAFT)
        .filter(_region_filter(region.county, region.municipality))
        .select_related("meeting", "owner")
        .distinct()
        .order_by("due_date", "meeting__starts_at", "pk")[:MAX_ACTIONS]
    )
    items = [
        ActionItem(
            what=action.what,
            owner=action.owner.name if action.owner else "",
            due=action.due_date.isoformat() if action.due_date else "",
            meeting=str(action.meeting.title),
            meeting_date=timezone.localtime(action.meeting.starts_at).date().isoformat(),
            url=action.meeting.get_absolute_url(),
        )
        for action in actions
    ]
    if not items:
        return None
    return Section(
        slug="actions",
        title=_("Open actions from local meetings"),
        template="workshops/brief/_actions.html",
        data=items,
    )
