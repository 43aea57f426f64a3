"""The sample meeting of ``verkstad seed``."""

from __future__ import annotations

import pytest

from verkstad.core.seed import SeedContext
from verkstad.workshops.models import Meeting
from verkstad.workshops.seed import SAMPLE_SLUG, seed_meeting

pytestmark = pytest.mark.django_db


def test_it_creates_one_sample_meeting_and_is_idempotent():
    lines: list[str] = []
    ctx = SeedContext(dry_run=False, write=lines.append)
    seed_meeting(ctx)
    seed_meeting(ctx)
    meeting = Meeting.objects.get()
    # A draft titled as an example: no visitor is shown a meeting nobody planned.
    assert meeting.slug == SAMPLE_SLUG and meeting.status == "draft"
    assert meeting.title_sv.startswith("Exempel:")
    assert meeting.agenda_items.count() == 4
    assert "exists" in lines[-1]


def test_a_dry_run_writes_nothing():
    lines: list[str] = []
    seed_meeting(SeedContext(dry_run=True, write=lines.append))
    assert not Meeting.objects.exists()
    assert lines == [f"Would create the sample meeting {SAMPLE_SLUG}."]
