"""Seed step: one example meeting, with an agenda tied to the research.

It is a **draft** titled as an example: facilitators (the demo editor) see it and can publish
or copy it, but no visitor is shown a meeting that was never planned. Organised by the demo
organisation, two weeks ahead at 18:00 Swedish time, with places for 30. A second
``verkstad seed`` finds it by its slug and changes nothing.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from verkstad.accounts.models import Organisation, User
from verkstad.accounts.seed import DEMO_EDITOR_EMAIL, DEMO_ORGANISATION
from verkstad.core.seed import SeedContext
from verkstad.knowledge.models import BigQuestion, Finding
from verkstad.workshops.models import AgendaItem, Meeting, MeetingStatus

SAMPLE_SLUG = "digitalisering-och-kompetens"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def seed_meeting(ctx: SeedContext) -> None:
    """An example meeting (a draft)."""
    if Meeting.objects.filter(slug=SAMPLE_SLUG).exists():
        ctx.write(f"The sample meeting {SAMPLE_SLUG} exists; left as it is.")
        return
    if ctx.dry_run:
        ctx.write(f"Would create the sample meeting {SAMPLE_SLUG}.")
        return
    day = timezone.localdate() + timedelta(days=14)
    starts = datetime.combine(day, time(18, 0), tzinfo=STOCKHOLM)
    meeting = Meeting.objects.create(
        slug=SAMPLE_SLUG,
        title_sv="Exempel: Digitalisering och kompetens i bruksorten",
        title_en="Example: Digitalization and skills in the steel town",
        description_sv=(
            "Kommun, fack, skola och arbetsgivare går tillsammans igenom vad forskningen "
            "säger om hur arbetet förändras, och vad det betyder för kompetensförsörjningen här."
        ),
        description_en=(
            "Municipality, unions, schools and employers go through what the research says "
            "about how work changes, and what it means for skills supply here."
        ),
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place="Folkets hus, Borlänge",
        capacity=30,
        audience_municipality_code="2081",
        status=MeetingStatus.DRAFT,
        created_by=User.objects.filter(email__iexact=DEMO_EDITOR_EMAIL).first(),
    )
    organisation = Organisation.objects.filter(name=DEMO_ORGANISATION).first()
    if organisation is not None:
        meeting.organisers.add(organisation)
    question = BigQuestion.objects.order_by("number").first()
    finding = Finding.objects.published().order_by("number").first()
    conversation = question.conversations.first() if question else None
    items = [
        ("Välkommen och presentation", "Welcome and introductions", {}),
        ("Vad forskningen visar", "What the research shows", {"finding": finding}),
        (
            "Samtal: vilka jobb förändras?",
            "Conversation: which jobs change?",
            {"question": question, "conversation": conversation},
        ),
        ("Vad gör vi nu?", "What do we do now?", {}),
    ]
    for position, (sv, en, links) in enumerate(items, start=1):
        AgendaItem.objects.create(
            meeting=meeting, position=position, title_sv=sv, title_en=en, **links
        )
    ctx.write(f"Created the sample meeting {SAMPLE_SLUG} with {len(items)} agenda items.")
