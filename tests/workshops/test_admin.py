"""Meetings in the admin: open to people who run meetings; registrations read-only."""

from __future__ import annotations

import pytest

from tests.factories import FollowUpActionFactory, MeetingFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_a_facilitator_works_with_meetings_in_the_admin(client_for, facilitator_fia):
    meeting = MeetingFactory()
    registration = RegistrationFactory(meeting=meeting)
    FollowUpActionFactory(meeting=meeting)
    client = client_for(facilitator_fia)
    for path in (
        "/admin/workshops/meeting/",
        "/admin/workshops/meeting/add/",
        f"/admin/workshops/meeting/{meeting.pk}/change/",
        "/admin/workshops/registration/",
        f"/admin/workshops/registration/{registration.pk}/change/",
        "/admin/workshops/followupaction/",
    ):
        assert client.get(path).status_code == 200, path
    assert client.get("/admin/workshops/registration/add/").status_code == 403


def test_a_participant_has_no_admin(client_for, participant_per):
    response = client_for(participant_per).get("/admin/workshops/meeting/")
    assert response.status_code == 302
