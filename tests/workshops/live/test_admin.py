"""Live sessions in the admin: findable by people who run meetings, never added there."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_a_facilitator_finds_and_ends_a_session_in_the_admin(
    client_for, facilitator_fia, live_session, poll
):
    client = client_for(facilitator_fia)
    assert client.get("/admin/workshops/livesession/").status_code == 200
    change = f"/admin/workshops/livesession/{live_session.pk}/change/"
    response = client.get(change)
    assert response.status_code == 200
    assert poll.prompt_sv.encode() in response.content
    assert client.get("/admin/workshops/livesession/add/").status_code == 403


def test_a_participant_has_no_live_admin(client_for, participant_per, live_session):
    response = client_for(participant_per).get("/admin/workshops/livesession/")
    assert response.status_code == 302
