"""Registration, the waiting list, cancellation and promotion (services)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from tests.factories import MeetingFactory, RegistrationFactory, UserFactory
from verkstad.workshops.models import Registration
from verkstad.workshops.services import (
    RegistrationRefused,
    meeting_places_refill,
    registration_cancel,
    registration_create,
    waiting_position,
)

pytestmark = pytest.mark.django_db


def test_it_confirms_until_full_then_queues():
    meeting = MeetingFactory(capacity=2)
    people = [UserFactory() for _ in range(4)]
    regs = [registration_create(meeting=meeting, user=p) for p in people]
    assert [r.status for r in regs] == ["confirmed", "confirmed", "waiting", "waiting"]
    assert [waiting_position(registration=r) for r in regs] == [None, None, 1, 2]


def test_no_capacity_means_everyone_gets_a_place():
    meeting = MeetingFactory(capacity=None)
    regs = [registration_create(meeting=meeting, user=UserFactory()) for _ in range(30)]
    assert {r.status for r in regs} == {"confirmed"}


def test_registering_twice_returns_the_same_registration():
    meeting = MeetingFactory(capacity=5)
    user = UserFactory()
    first = registration_create(meeting=meeting, user=user)
    again = registration_create(meeting=meeting, user=user)
    assert first.pk == again.pk
    assert Registration.objects.count() == 1


def test_the_database_refuses_two_active_registrations_of_one_person():
    meeting = MeetingFactory()
    user = UserFactory()
    RegistrationFactory(meeting=meeting, user=user)
    with pytest.raises(IntegrityError):
        RegistrationFactory(meeting=meeting, user=user, status="waiting")


@pytest.mark.parametrize("status", ["draft", "cancelled"])
def test_it_refuses_meetings_that_take_no_registrations(status):
    meeting = MeetingFactory(status=status)
    with pytest.raises(RegistrationRefused):
        registration_create(meeting=meeting, user=UserFactory())


def test_it_refuses_a_meeting_that_has_started():
    start = timezone.now() - timedelta(minutes=5)
    meeting = MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=2))
    with pytest.raises(RegistrationRefused):
        registration_create(meeting=meeting, user=UserFactory())


def test_cancelling_a_place_promotes_the_first_in_the_queue():
    meeting = MeetingFactory(capacity=1)
    holder, first, second = UserFactory(), UserFactory(), UserFactory()
    held = registration_create(meeting=meeting, user=holder)
    queued_first = registration_create(meeting=meeting, user=first)
    queued_second = registration_create(meeting=meeting, user=second)

    promoted = registration_cancel(registration=held)

    assert [r.pk for r in promoted] == [queued_first.pk]
    held.refresh_from_db()
    queued_first.refresh_from_db()
    queued_second.refresh_from_db()
    assert held.status == "cancelled" and held.cancelled_at is not None
    assert queued_first.status == "confirmed" and queued_first.promoted_at is not None
    assert waiting_position(registration=queued_second) == 1


def test_cancelling_from_the_queue_promotes_nobody():
    meeting = MeetingFactory(capacity=1)
    registration_create(meeting=meeting, user=UserFactory())
    queued = registration_create(meeting=meeting, user=UserFactory())
    later = registration_create(meeting=meeting, user=UserFactory())
    assert registration_cancel(registration=queued) == []
    later.refresh_from_db()
    assert later.status == "waiting"
    assert waiting_position(registration=later) == 1


def test_cancelling_twice_is_harmless():
    meeting = MeetingFactory(capacity=1)
    held = registration_create(meeting=meeting, user=UserFactory())
    registration_create(meeting=meeting, user=UserFactory())
    assert len(registration_cancel(registration=held)) == 1
    assert registration_cancel(registration=held) == []
    assert meeting.registrations.filter(status="confirmed").count() == 1


def test_a_cancelled_person_may_sign_up_again_at_the_back():
    meeting = MeetingFactory(capacity=1)
    user = UserFactory()
    held = registration_create(meeting=meeting, user=user)
    registration_create(meeting=meeting, user=UserFactory())
    registration_cancel(registration=held)
    again = registration_create(meeting=meeting, user=user)
    assert again.pk != held.pk and again.status == "waiting"


def test_raising_the_capacity_fills_the_new_places_in_order():
    meeting = MeetingFactory(capacity=1)
    regs = [registration_create(meeting=meeting, user=UserFactory()) for _ in range(4)]
    meeting.capacity = 3
    meeting.save()
    promoted = meeting_places_refill(meeting=meeting)
    assert [r.pk for r in promoted] == [regs[1].pk, regs[2].pk]
    statuses = list(Registration.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["confirmed", "confirmed", "confirmed", "waiting"]


# Eight people take the last three places at once, each in a thread with its own
# connection, against a real SQLite file (the test database in memory cannot show
# locking). The meeting row is locked first, so exactly three get a place.
CONCURRENT_SIGN_UPS = """
import threading
from datetime import timedelta
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
call_command("migrate", verbosity=0)
from verkstad.accounts.models import User
from verkstad.workshops.models import Meeting, Registration
from verkstad.workshops.services import registration_create

start = timezone.now() + timedelta(days=3)
meeting = Meeting.objects.create(
    slug="m", title_sv="M", starts_at=start, ends_at=start + timedelta(hours=1),
    capacity=3, status="published", place="X",
)
users = [User.objects.create_user(f"u{i}@example.se") for i in range(8)]
barrier = threading.Barrier(8)
errors = []

def sign_up(user):
    try:
        barrier.wait()
        registration_create(meeting=meeting, user=user)
    except Exception as exc:
        errors.append(repr(exc))
    finally:
        connection.close()

threads = [threading.Thread(target=sign_up, args=(u,)) for u in users]
for t in threads:
    t.start()
for t in threads:
    t.join()
statuses = sorted(Registration.objects.values_list("status", flat=True))
print(statuses.count("confirmed"), statuses.count("waiting"), errors)
"""


def test_concurrent_sign_ups_never_overfill_the_meeting(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("VERKSTAD_", "DJANGO_", "EMAIL_")) and k != "DATABASE_URL"
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "verkstad.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'concurrent.sqlite3'}",
        "VERKSTAD_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", CONCURRENT_SIGN_UPS],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "3 5 []", result.stdout[-2000:]
