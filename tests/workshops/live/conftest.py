"""Fixtures for live sessions: a running session with a poll, and phones that joined it."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import MeetingFactory, OrganisationFactory
from verkstad.workshops.live import services
from verkstad.workshops.live.models import Activity, ActivityKind

POLL_OPTIONS = [
    {"key": "o1", "sv": "Kommunen", "en": "The municipality"},
    {"key": "o2", "sv": "Facket", "en": "The union"},
    {"key": "o3", "sv": "Skolan", "en": "The school"},
]


@pytest.fixture
def live_meeting(db):
    return MeetingFactory(slug="stalstaden", organisers=[OrganisationFactory()])


@pytest.fixture
def live_session(live_meeting, facilitator_fia):
    return services.session_start(meeting=live_meeting, user=facilitator_fia)


@pytest.fixture
def poll(live_session):
    return Activity.objects.create(
        session=live_session,
        position=1,
        kind=ActivityKind.POLL,
        prompt_sv="Vem bär ansvaret för kompetensen?",
        prompt_en="Who is responsible for skills?",
        options=POLL_OPTIONS,
    )


@pytest.fixture
def join():
    """``join(session)`` → a Client whose cookie makes it a participant of ``session``."""

    def _join(session, **data) -> Client:
        phone = Client()
        response = phone.post(f"/delta/{session.code}/", data)
        assert response.status_code == 302, response.content[:500]
        return phone

    return _join
