"""Attendance counts by actor type: aggregate only, groups under five suppressed."""

from __future__ import annotations

import csv
import io

import pytest

from tests.factories import MeetingFactory, RegistrationFactory
from verkstad.workshops.selectors import attendance_counts, suppress


def test_it_hides_groups_under_five():
    assert suppress({"a": 7, "b": 5, "c": 0, "d": 3, "e": 4}) == {
        "a": 7,
        "b": 5,
        "c": 0,
        "d": None,
        "e": None,
    }


def test_a_single_hidden_group_takes_the_next_smallest_with_it():
    # With the total shown, hiding only "c" would let anyone work it out.
    assert suppress({"a": 9, "b": 6, "c": 2, "d": 0}) == {"a": 9, "b": None, "c": None, "d": 0}


def test_nothing_hidden_when_every_group_is_large():
    assert suppress({"a": 5, "b": 12}) == {"a": 5, "b": 12}


@pytest.mark.django_db
def test_counts_come_from_confirmed_places_only():
    meeting = MeetingFactory()
    for _ in range(6):
        RegistrationFactory(meeting=meeting, actor_type="kommun")
    for _ in range(2):
        RegistrationFactory(meeting=meeting, actor_type="skola")
    for _ in range(5):
        RegistrationFactory(meeting=meeting, actor_type="fackforbund", status="waiting")
    RegistrationFactory(meeting=meeting, actor_type="fackforbund", status="cancelled")
    counts = attendance_counts(meeting=meeting)
    by_type = {row.actor_type: row.count for row in counts.rows}
    assert by_type["skola"] is None
    assert by_type["kommun"] is None  # the only other non-zero group goes with it
    assert by_type["fackforbund"] == 0
    assert counts.total == 8


@pytest.mark.django_db
def test_a_small_meeting_shows_no_total():
    meeting = MeetingFactory()
    for _ in range(3):
        RegistrationFactory(meeting=meeting, actor_type="kommun")
    assert attendance_counts(meeting=meeting).total is None


@pytest.mark.django_db
def test_the_csv_has_counts_and_no_identities(client_for, facilitator_fia):
    meeting = MeetingFactory()
    registrations = [RegistrationFactory(meeting=meeting, actor_type="kommun") for _ in range(7)]
    registrations += [RegistrationFactory(meeting=meeting, actor_type="region") for _ in range(5)]
    registrations.append(RegistrationFactory(meeting=meeting, actor_type="skola"))
    response = client_for(facilitator_fia).get(f"/en/traffar/{meeting.slug}/narvaro.csv")
    assert response.status_code == 200
    text = response.content.decode()
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert {r["basis"] for r in parsed} == {"confirmed"}
    rows = {r["actor_type"]: r["people"] for r in parsed}
    assert rows["kommun"] == "7"
    assert rows["region"] == "<5"  # taken along with "skola", the one small group
    assert rows["skola"] == "<5"
    assert rows["total"] == "13"
    for registration in registrations:
        assert registration.user.email not in text
        assert registration.user.display_name not in text


@pytest.mark.django_db
def test_once_anyone_is_marked_the_counts_are_of_those_who_came(client_for, facilitator_fia):
    meeting = MeetingFactory()
    came = [RegistrationFactory(meeting=meeting, actor_type="kommun") for _ in range(5)]
    stayed_home = [RegistrationFactory(meeting=meeting, actor_type="skola") for _ in range(6)]
    waiting = RegistrationFactory(meeting=meeting, actor_type="skola", status="waiting")
    client = client_for(facilitator_fia)
    response = client.post(
        f"/en/traffar/{meeting.slug}/deltagare/",
        {"attended": [str(r.pk) for r in came] + [str(waiting.pk), "abc", "-1"]},
    )
    assert response.status_code == 302
    counts = attendance_counts(meeting=meeting)
    assert counts.basis == "attended"
    assert {r.actor_type: r.count for r in counts.rows}["kommun"] == 5
    assert {r.actor_type: r.count for r in counts.rows}["skola"] == 0
    assert counts.total == 5
    waiting.refresh_from_db()
    assert not waiting.attended
    for registration in stayed_home:
        registration.refresh_from_db()
        assert not registration.attended
    text = client.get(f"/en/traffar/{meeting.slug}/narvaro.csv").content.decode()
    assert "attended,kommun,5" in text
    # Unticking everyone goes back to confirmed places.
    client.post(f"/en/traffar/{meeting.slug}/deltagare/", {})
    assert attendance_counts(meeting=meeting).basis == "confirmed"
