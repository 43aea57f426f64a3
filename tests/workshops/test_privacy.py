"""The workshops part of "my data", and what account erasure leaves behind."""

from __future__ import annotations

import json

import pytest

from tests.factories import MeetingFactory, RegistrationFactory
from verkstad.accounts.personal_data import personal_data_json
from verkstad.accounts.services import account_erase
from verkstad.workshops.models import Registration
from verkstad.workshops.selectors import attendance_counts

pytestmark = pytest.mark.django_db


def test_my_data_lists_my_registrations_only(participant_per, outsider_olle):
    meeting = MeetingFactory()
    RegistrationFactory(meeting=meeting, user=participant_per, actor_type="skola")
    RegistrationFactory(meeting=meeting, user=outsider_olle)
    data = json.loads(personal_data_json(user=participant_per))
    [entry] = data["sections"]["workshops"]["registrations"]
    assert entry["meeting"] == meeting.slug
    assert entry["status"] == "confirmed"
    assert entry["coming_as"] == "skola"
    assert entry["attended"] is False
    assert "olle" not in json.dumps(data["sections"]["workshops"])


def test_erasure_keeps_the_counts_and_drops_the_person(participant_per):
    meeting = MeetingFactory(capacity=1)
    for _ in range(5):
        RegistrationFactory(meeting=meeting, actor_type="kommun")
    mine = RegistrationFactory(meeting=meeting, user=participant_per, actor_type="kommun")
    queued = RegistrationFactory(meeting=MeetingFactory(), user=participant_per, status="waiting")
    account_erase(user=participant_per)
    mine.refresh_from_db()
    queued.refresh_from_db()
    assert mine.user is None and mine.status == "confirmed"
    assert queued.user is None and queued.status == "cancelled"
    assert attendance_counts(meeting=meeting).total == 6
    assert not Registration.objects.filter(user__email="per@example.se").exists()
