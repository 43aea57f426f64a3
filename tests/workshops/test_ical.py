"""Calendars: one meeting, and an organisation's feed, parsed back with icalendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from tests.factories import MeetingFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _events(content: bytes):
    return [c for c in Calendar.from_ical(content).walk("VEVENT")]


def test_a_meeting_downloads_as_one_event(client):
    start = datetime(2030, 1, 15, 17, 0, tzinfo=UTC)
    meeting = MeetingFactory(
        starts_at=start, ends_at=start + timedelta(hours=2), place="Folkets hus, Borlänge"
    )
    response = client.get(f"/en/traffar/{meeting.slug}/kalender.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    [event] = _events(response.content)
    assert event.decoded("DTSTART") == start
    assert event.decoded("DTEND") == start + timedelta(hours=2)
    assert str(event["SUMMARY"]) == meeting.title_en
    assert str(event["LOCATION"]) == "Folkets hus, Borlänge"
    assert str(event["UID"]) == f"meeting-{meeting.pk}@verkstad"
    assert f"http://testserver/en/traffar/{meeting.slug}/" in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "CONFIRMED"


def test_an_online_meeting_uses_the_link_as_location(client):
    meeting = MeetingFactory(place="", online_url="https://meet.example/abc")
    [event] = _events(client.get(f"/traffar/{meeting.slug}/kalender.ics").content)
    assert str(event["LOCATION"]) == "https://meet.example/abc"
    assert str(event["SUMMARY"]) == meeting.title_sv


def test_the_organisation_feed_lists_its_meetings_but_no_drafts(client):
    organisation = OrganisationFactory()
    other = OrganisationFactory()
    shown = MeetingFactory(organisers=[organisation])
    cancelled = MeetingFactory(organisers=[organisation], status="cancelled")
    MeetingFactory(organisers=[organisation], status="draft")
    MeetingFactory(organisers=[other])
    response = client.get(f"/traffar/organisation/{organisation.pk}.ics")
    assert response.status_code == 200
    events = {str(e["UID"]): str(e["STATUS"]) for e in _events(response.content)}
    assert events == {
        f"meeting-{shown.pk}@verkstad": "CONFIRMED",
        f"meeting-{cancelled.pk}@verkstad": "CANCELLED",
    }
    assert str(Calendar.from_ical(response.content)["X-WR-CALNAME"]) == organisation.name


def test_unknown_organisation_and_draft_meeting_are_404(client):
    draft = MeetingFactory(status="draft")
    assert client.get("/traffar/organisation/999999.ics").status_code == 404
    assert client.get(f"/traffar/{draft.slug}/kalender.ics").status_code == 404
