"""Meetings as iCalendar (RFC 5545) with the ``icalendar`` library.

Times are written in UTC (``...Z``), which every calendar reads and converts to local time.
A cancelled meeting stays in the feed with ``STATUS:CANCELLED`` so calendars remove it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from verkstad.workshops.models import Meeting, MeetingStatus

PRODID = "-//NOMP, Mälardalen University//Verkstad//SV"


def _event(meeting: Meeting, *, base_url: str) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@verkstad")
    event.add("dtstamp", timezone.now())
    event.add("last-modified", meeting.updated_at)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.title)
    url = base_url.rstrip("/") + meeting.get_absolute_url()
    description = "\n\n".join(part for part in (meeting.description, url) if part)
    event.add("description", description)
    event.add("url", url)
    location = meeting.place or meeting.online_url
    if location:
        event.add("location", location)
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    return event


def meetings_ical(meetings: Iterable[Meeting], *, base_url: str, name: str = "") -> bytes:
    """One calendar with an event per meeting (drafts left out by the caller)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(_event(meeting, base_url=base_url))
    return calendar.to_ical()
