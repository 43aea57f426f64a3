"""Helpers for the impact tests: findings, dialogue votes and meeting attendance."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import (
    ConversationFactory,
    DialogueParticipantFactory,
    MeetingFactory,
    RegistrationFactory,
    StatementFactory,
)
from verkstad.impact import registry


def finding_make(number: int = 1, slug: str | None = None):
    from verkstad.knowledge.models import Finding

    return Finding.objects.create(
        slug=slug or f"fynd-{number}",
        number=number,
        status="published",
        title_sv=f"Fynd {number}",
        title_en=f"Finding {number}",
        claim_sv="Digitalisering lyckas när teknik och organisation hanteras tillsammans.",
        claim_en="Digitalization succeeds when technology and organisation are handled together.",
        summary_sv="En kort sammanfattning.",
        summary_en="A short summary.",
        evidence_type="case_study",
        evidence_strength=3,
        strength_reason_sv="Flera fall.",
        strength_reason_en="Several cases.",
        verification="verified",
    )


@pytest.fixture
def finding(db):
    return finding_make(1)


def votes_make(*, finding=None, people: dict[str, int], municipality: str = "2081", when=None):
    """``people[actor_type]`` participants each cast one vote in one conversation."""
    from verkstad.dialogue.models import Vote

    conversation = ConversationFactory()
    if finding is not None:
        conversation.findings.add(finding)
    statement = StatementFactory(conversation=conversation)
    number = 0
    for actor_type, n in people.items():
        for _i in range(n):
            participant = DialogueParticipantFactory(
                conversation=conversation,
                number=number,
                actor_type=actor_type,
                municipality_code=municipality if actor_type else "",
            )
            number += 1
            Vote.objects.create(
                participant=participant,
                statement=statement,
                value=1,
                created_at=when or timezone.now(),
            )
    return conversation


def attendance_make(*, finding=None, people: dict[str, int], municipality: str = "2081"):
    """A published meeting yesterday with ``people[actor_type]`` who came."""
    from verkstad.workshops.models import AgendaItem

    start = timezone.now() - timedelta(days=1)
    meeting = MeetingFactory(
        starts_at=start, ends_at=start + timedelta(hours=2), audience_municipality_code=municipality
    )
    if finding is not None:
        AgendaItem.objects.create(meeting=meeting, title_sv="Fyndet", finding=finding)
    for actor_type, n in people.items():
        for _i in range(n):
            RegistrationFactory(meeting=meeting, actor_type=actor_type, attended=True)
    return meeting


@pytest.fixture
def clean_registry():
    """Restore the registry lists after a test that adds a source."""
    saved = (
        list(registry.ENGAGEMENT_SOURCES),
        list(registry.KNOWLEDGE_USE_SOURCES),
        list(registry.LEARNING_SOURCES),
        dict(registry.MEASURES),
    )
    yield registry
    registry.ENGAGEMENT_SOURCES[:] = saved[0]
    registry.KNOWLEDGE_USE_SOURCES[:] = saved[1]
    registry.LEARNING_SOURCES[:] = saved[2]
    registry.MEASURES.clear()
    registry.MEASURES.update(saved[3])
