"""Live sessions in the impact record: participants by role and region, learning checks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from verkstad.workshops.live import impact_sources, services
from verkstad.workshops.live.models import Activity, ActivityKind, Answer, LiveParticipant

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def _scale(session, position, phase, prompt="Hur väl känner ni till omställningen?"):
    return Activity.objects.create(
        session=session, position=position, kind=ActivityKind.SCALE, prompt_sv=prompt,
        prompt_en="How well do you know the transition?", learning_phase=phase,
    )  # fmt: skip


def _answer(activity, values):
    for n, value in enumerate(values):
        participant = LiveParticipant.objects.create(
            session=activity.session, key=f"00000000-0000-4000-8000-{activity.pk:06d}{n:06d}",
            number=activity.pk * 1000 + n,
        )  # fmt: skip
        Answer.objects.create(activity=activity, participant=participant, value=value)


def test_the_sources_are_registered():
    from verkstad.impact import registry

    assert impact_sources.live_engagement in registry.ENGAGEMENT_SOURCES
    assert impact_sources.live_learning in registry.LEARNING_SOURCES
    assert impact_sources.MEASURE in registry.MEASURES


def test_engagement_counts_people_by_role_and_the_meetings_municipality(live_session):
    live_session.meeting.audience_municipality_code = "2081"
    live_session.meeting.save()
    for role in ("kommun", "kommun", "skola", ""):
        services.participant_join(session=live_session, actor_type=role, consent=bool(role))
    rows = sorted(
        (r.measure, r.actor_type, r.region, r.count)
        for r in impact_sources.live_engagement(_today(), _today())
    )
    assert rows == [
        ("live_participants", "", "2081", 1),
        ("live_participants", "kommun", "2081", 2),
        ("live_participants", "skola", "2081", 1),
    ]
    yesterday = _today() - timedelta(days=1)
    assert list(impact_sources.live_engagement(yesterday, yesterday)) == []


def test_learning_pairs_before_and_after_with_the_same_wording(live_session):
    before = _scale(live_session, 1, "before")
    _scale(live_session, 2, "before", prompt="Något annat")  # no "after": no pair
    Activity.objects.create(
        session=live_session, position=3, kind=ActivityKind.POLL, prompt_sv="Fråga",
        options=[{"key": "o1", "sv": "A"}, {"key": "o2", "sv": "B"}],
    )  # fmt: skip
    after = _scale(live_session, 4, "after", prompt="  hur väl känner ni till   omställningen? ")
    _answer(before, [1, 2, 2, 3, 1, 2])
    _answer(after, [3, 4, 4, 5, 3, 4, 5])
    with translation.override("en"):
        results = list(impact_sources.live_learning(_today(), _today()))
    assert len(results) == 1
    result = results[0]
    assert result.item == "How well do you know the transition?"
    assert dict(result.before) == {1: 2, 2: 3, 3: 1, 4: 0, 5: 0}
    assert dict(result.after) == {1: 0, 2: 0, 3: 2, 4: 3, 5: 2}
    assert (result.scale_min, result.scale_max) == (1, 5)
    assert live_session.code in result.context
    assert result.low_label == "Not at all"


def test_the_impact_report_suppresses_small_learning_groups(live_session):
    from verkstad.impact.periods import Period
    from verkstad.impact.report import _learning

    before = _scale(live_session, 1, "before")
    after = _scale(live_session, 2, "after")
    _answer(before, [1, 2, 2, 3])  # four: hidden
    _answer(after, [3, 4, 4, 5, 3])
    summaries = [
        s for s in _learning(Period(_today(), _today()), []) if live_session.code in s.context
    ]
    assert len(summaries) == 1
    assert summaries[0].n_before is None and summaries[0].mean_before is None
    assert summaries[0].n_after == 5 and summaries[0].mean_after == 3.8
