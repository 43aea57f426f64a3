"""Registration e-mails go through the task queue, in the person's preferred language."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.factories import MeetingFactory, UserFactory
from verkstad.workshops.services import registration_cancel, registration_create

pytestmark = pytest.mark.django_db


def _english(meeting):
    with translation.override("en"):
        return str(meeting.title)


def test_a_confirmed_place_is_confirmed_by_e_mail_in_english(
    mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(capacity=5)
    user = UserFactory(preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(meeting=meeting, user=user, base_url="https://verkstad.example")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [user.email]
    assert mail.subject == f"You have a place: {_english(meeting)}"
    assert "Swedish time" in mail.body
    assert f"https://verkstad.example/en/traffar/{meeting.slug}/" in mail.body


def test_a_swedish_speaker_gets_the_swedish_address(mailoutbox, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(capacity=5)
    user = UserFactory(preferred_language="sv")
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(meeting=meeting, user=user, base_url="https://verkstad.example")
    mail = mailoutbox[0]
    assert meeting.title_sv in mail.subject
    assert f"https://verkstad.example/traffar/{meeting.slug}/" in mail.body
    assert "/en/" not in mail.body


def test_the_time_in_the_e_mail_is_swedish_time(mailoutbox, django_capture_on_commit_callbacks):
    from datetime import UTC, datetime

    start = datetime(2030, 6, 10, 15, 0, tzinfo=UTC)  # 17:00 in Stockholm (summer time)
    meeting = MeetingFactory(starts_at=start, ends_at=start.replace(hour=17))
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(meeting=meeting, user=UserFactory(preferred_language="en"))
    assert "17:00–19:00" in mailoutbox[0].body


def test_waiting_and_promotion_e_mails(mailoutbox, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(capacity=1)
    holder = UserFactory(preferred_language="en")
    queued = UserFactory(preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        held = registration_create(meeting=meeting, user=holder)
        registration_create(meeting=meeting, user=queued)
    assert mailoutbox[1].to == [queued.email]
    assert mailoutbox[1].subject.startswith("You are on the waiting list")
    assert "number 1 on the waiting list" in mailoutbox[1].body

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=held)
    assert len(mailoutbox) == 3
    assert mailoutbox[2].to == [queued.email]
    assert mailoutbox[2].subject.startswith("A place is free for you")


def test_no_e_mail_is_sent_before_the_transaction_commits(
    mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        registration_create(meeting=meeting, user=UserFactory())
    assert mailoutbox == []
    assert len(callbacks) == 1


def test_cancelling_the_meeting_tells_everyone_registered(
    client_for, facilitator_fia, research_group, mailoutbox, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from tests.factories import RegistrationFactory

    meeting = MeetingFactory(capacity=1, organisers=[research_group])
    english_user = UserFactory(preferred_language="en")
    swedish_user = UserFactory(preferred_language="sv")
    RegistrationFactory(meeting=meeting, user=english_user)
    RegistrationFactory(meeting=meeting, status="waiting", user=swedish_user)
    RegistrationFactory(meeting=meeting, status="cancelled", user=UserFactory())
    local = timezone.localtime(meeting.starts_at)
    data = {
        "title_sv": meeting.title_sv,
        "title_en": meeting.title_en,
        "organisers": [research_group.pk],
        "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(meeting.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "place": meeting.place,
        "capacity": "1",
        "status": "cancelled",
    }
    client = client_for(facilitator_fia)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/traffar/{meeting.slug}/andra/", data)
    assert len(mailoutbox) == 2
    by_person = {m.to[0]: m.subject for m in mailoutbox}
    assert by_person[english_user.email] == f"Cancelled: {meeting.title_en}"
    assert meeting.title_sv in by_person[swedish_user.email]
    # Saving the cancelled meeting again sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/traffar/{meeting.slug}/andra/", data)
    assert len(mailoutbox) == 2
