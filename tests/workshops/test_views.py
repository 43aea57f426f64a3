"""The meeting pages through the client: who may do what, forms, errors, never a 500."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from django.utils import timezone

from tests.factories import (
    FollowUpActionFactory,
    MeetingFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
)
from verkstad.workshops.models import Meeting, Registration

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "participant_per", "moderator_maja", "facilitator_fia", "editor_eva"]
LOGIN = "login"
# Facilitator pages: anonymous → sign in; participant and moderator → 403; the rest 200.
FACILITATOR_ONLY = (LOGIN, 403, 403, 200, 200)


@pytest.fixture
def meeting(db):
    return MeetingFactory(slug="kompetens", organisers=[OrganisationFactory()])


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/traffar/", (200,) * 5),
        ("/traffar/kompetens/", (200,) * 5),
        ("/traffar/kompetens/kalender.ics", (200,) * 5),
        ("/traffar/ny/", FACILITATOR_ONLY),
        ("/traffar/kompetens/andra/", FACILITATOR_ONLY),
        ("/traffar/kompetens/dagordning/", FACILITATOR_ONLY),
        ("/traffar/kompetens/deltagare/", FACILITATOR_ONLY),
        ("/traffar/kompetens/narvaro.csv", FACILITATOR_ONLY),
        ("/traffar/kompetens/protokoll/", FACILITATOR_ONLY),
    ],
)
def test_who_may_open_what(request, client, meeting, path, expected):
    for persona, status in zip(PERSONAS, expected, strict=True):
        client.logout()
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        response = client.get(path)
        if status == LOGIN:
            assert response.status_code == 302, persona
            assert "/konto/" in response["Location"], persona
        else:
            assert response.status_code == status, (persona, path)


def test_the_attendee_list_names_people_only_to_facilitators(client_for, meeting, facilitator_fia):
    RegistrationFactory(meeting=meeting, user=UserFactory(display_name="Anna Andersson"))
    response = client_for(facilitator_fia).get("/en/traffar/kompetens/deltagare/")
    assert "Anna Andersson" in response.content.decode()
    client_for(None).logout()
    assert "Anna Andersson" not in client_for(None).get("/en/traffar/kompetens/").content.decode()


def test_signing_up_and_cancelling_through_the_pages(client_for, participant_per, meeting):
    client = client_for(participant_per)
    response = client.post("/en/traffar/kompetens/anmalan/", {"actor_type": "skola"})
    assert response.status_code == 302
    registration = Registration.objects.get(user=participant_per)
    assert (registration.status, registration.actor_type) == ("confirmed", "skola")
    page = client.get("/en/traffar/kompetens/").content.decode()
    assert "You have a place at this meeting." in page
    client.post("/en/traffar/kompetens/avanmalan/")
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_the_meeting_page_shows_the_waiting_list_position(client_for, participant_per):
    meeting = MeetingFactory(capacity=1)
    RegistrationFactory(meeting=meeting)
    RegistrationFactory(meeting=meeting, status="waiting")
    client = client_for(participant_per)
    client.post(f"/en/traffar/{meeting.slug}/anmalan/", {"actor_type": ""})
    page = client.get(f"/en/traffar/{meeting.slug}/").content.decode()
    assert "You are number 2 on the waiting list." in page


def test_a_bad_actor_type_is_a_form_error_not_a_500(client_for, participant_per, meeting):
    response = client_for(participant_per).post(
        "/en/traffar/kompetens/anmalan/", {"actor_type": "pirate"}
    )
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not Registration.objects.exists()


def test_anonymous_sign_up_goes_to_sign_in(client, meeting):
    response = client.post("/traffar/kompetens/anmalan/")
    assert response.status_code == 302 and "/konto/" in response["Location"]


def test_signing_up_for_a_cancelled_meeting_says_why(client_for, participant_per):
    meeting = MeetingFactory(status="cancelled")
    response = client_for(participant_per).post(f"/en/traffar/{meeting.slug}/anmalan/", follow=True)
    assert "This meeting does not take registrations." in response.content.decode()
    assert not Registration.objects.exists()


def test_drafts_are_hidden_from_participants(client_for, participant_per, facilitator_fia):
    draft = MeetingFactory(status="draft")
    assert client_for(participant_per).get(f"/traffar/{draft.slug}/").status_code == 404
    assert draft.title_sv not in client_for(participant_per).get("/traffar/").content.decode()
    assert client_for(facilitator_fia).get(f"/traffar/{draft.slug}/").status_code == 200


def test_unknown_meeting_is_404(client):
    assert client.get("/traffar/finns-inte/").status_code == 404


def test_a_facilitator_creates_a_meeting(client_for, facilitator_fia, research_group):
    response = client_for(facilitator_fia).post(
        "/en/traffar/ny/",
        {
            "title_sv": "Kompetensförsörjning i Borlänge",
            "title_en": "Skills supply in Borlänge",
            "organisers": [research_group.pk],
            "starts_at": "2030-03-05T18:00",
            "ends_at": "2030-03-05T20:00",
            "place": "Folkets hus",
            "capacity": "25",
            "audience_actor_types": ["kommun", "skola"],
            "audience_municipality_code": "2081",
            "status": "published",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert meeting.slug == "kompetensforsorjning-i-borlange"
    assert meeting.audience_actor_types == ["kommun", "skola"]
    assert meeting.created_by == facilitator_fia
    # 18:00 Swedish winter time is 17:00 UTC.
    assert meeting.starts_at.astimezone(UTC).hour == 17


def test_the_meeting_form_explains_its_errors(client_for, facilitator_fia, research_group):
    response = client_for(facilitator_fia).post(
        "/en/traffar/ny/",
        {
            "title_sv": "X",
            "organisers": [research_group.pk],
            "starts_at": "2030-03-05T18:00",
            "ends_at": "2030-03-05T17:00",
            "capacity": "-3",
            "audience_municipality_code": "99",
            "status": "published",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The meeting must end after it starts." in page
    assert "Give a place, an online meeting link, or both." in page
    assert "error-summary" in page
    assert not Meeting.objects.exists()


def test_agenda_items_link_to_what_they_are_about(client_for, facilitator_fia, meeting):
    client = client_for(facilitator_fia)
    client.post("/traffar/kompetens/dagordning/", {"title_sv": "Välkommen", "title_en": "Welcome"})
    client.post("/traffar/kompetens/dagordning/", {"title_sv": "Nya yrken"})
    assert list(meeting.agenda_items.values_list("position", flat=True)) == [1, 2]
    page = client.get("/en/traffar/kompetens/").content.decode()
    assert "Welcome" in page and "Nya yrken" in page
    item = meeting.agenda_items.first()
    client.post("/traffar/kompetens/dagordning/", {"delete": str(item.pk)})
    assert meeting.agenda_items.count() == 1
    assert client.post("/traffar/kompetens/dagordning/", {"delete": "abc"}).status_code == 404
    assert client.post("/traffar/kompetens/dagordning/", {"delete": "99999"}).status_code == 404


def test_minutes_decisions_and_actions(client_for, facilitator_fia, meeting, research_group):
    client = client_for(facilitator_fia)
    client.post(
        "/traffar/kompetens/protokoll/",
        {
            "part": "minutes",
            "minutes-minutes_sv": "Vi pratade.",
            "minutes-minutes_en": "We talked.",
        },
    )
    client.post("/traffar/kompetens/protokoll/", {"part": "decision", "decision-text": "Ses igen."})
    client.post(
        "/traffar/kompetens/protokoll/",
        {
            "part": "action",
            "action-what": "Kartlägg kurser",
            "action-owner": research_group.pk,
            "action-due_date": "2030-04-01",
        },
    )
    meeting.refresh_from_db()
    assert meeting.minutes_en == "We talked."
    assert meeting.decisions.get().text == "Ses igen."
    action = meeting.actions.get()
    assert action.status == "open" and action.owner == research_group

    response = client.post("/traffar/kompetens/protokoll/", {"part": "action", "action-what": ""})
    assert response.status_code == 400 and "error-summary" in response.content.decode()
    assert client.post("/traffar/kompetens/protokoll/", {"part": "x"}).status_code == 400
    bad = client.post("/traffar/kompetens/protokoll/", {"part": "status", "action": "zz"})
    assert bad.status_code == 400

    client.post(
        "/traffar/kompetens/protokoll/", {"part": "status", "action": action.pk, "status": "done"}
    )
    action.refresh_from_db()
    assert action.status == "done" and action.closed_at is not None


def test_open_actions_follow_the_organisers_to_their_next_meeting(client_for, facilitator_fia):
    organiser = OrganisationFactory()
    now = timezone.now()
    earlier = MeetingFactory(
        organisers=[organiser], starts_at=now - timedelta(days=30), ends_at=now - timedelta(days=29)
    )
    later = MeetingFactory(organisers=[organiser])
    unrelated = MeetingFactory(organisers=[OrganisationFactory()])
    action = FollowUpActionFactory(meeting=earlier, what="Bjud in skolan")
    FollowUpActionFactory(meeting=earlier, what="Redan klar", status="done")

    client = client_for(facilitator_fia)
    page = client.get(f"/en/traffar/{later.slug}/").content.decode()
    assert "Open actions from earlier meetings" in page
    assert "Bjud in skolan" in page and "Redan klar" not in page
    assert "Bjud in skolan" not in client.get(f"/en/traffar/{unrelated.slug}/").content.decode()

    # Closed from the later meeting's minutes page, it leaves the agenda.
    client.post(
        f"/traffar/{later.slug}/protokoll/",
        {"part": "status", "action": action.pk, "status": "done"},
    )
    assert "Bjud in skolan" not in client.get(f"/en/traffar/{later.slug}/").content.decode()
    # An action of an unrelated meeting cannot be changed from this one.
    other = FollowUpActionFactory(meeting=unrelated)
    response = client.post(
        f"/traffar/{later.slug}/protokoll/",
        {"part": "status", "action": other.pk, "status": "done"},
    )
    assert response.status_code == 404


def test_raising_the_capacity_on_the_edit_page_promotes(
    client_for, facilitator_fia, research_group
):
    meeting = MeetingFactory(capacity=1, organisers=[research_group])
    RegistrationFactory(meeting=meeting)
    queued = RegistrationFactory(meeting=meeting, status="waiting")
    local = timezone.localtime(meeting.starts_at)
    client_for(facilitator_fia).post(
        f"/traffar/{meeting.slug}/andra/",
        {
            "title_sv": meeting.title_sv,
            "organisers": [research_group.pk],
            "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (local + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Folkets hus",
            "capacity": "2",
            "status": "published",
        },
    )
    queued.refresh_from_db()
    assert queued.status == "confirmed"


def test_get_on_post_only_views_is_refused(client_for, participant_per, meeting):
    client = client_for(participant_per)
    assert client.get("/traffar/kompetens/anmalan/").status_code == 405
    assert client.get("/traffar/kompetens/avanmalan/").status_code == 405


JUNK = [
    {},
    {"part": "status", "action": "99999999999999", "status": "done"},
    {"part": "status", "action": "1", "status": "nonsense"},
    {"part": "minutes", "minutes-minutes_sv": "x" * 10000},
    {"part": "action", "action-owner": "abc", "action-due_date": "31/31/2031"},
    {"delete": "-1"},
    {"title_sv": "x" * 500, "organisers": ["abc"], "starts_at": "igår", "capacity": "9" * 30},
    {"online_url": "javascript:alert(1)", "audience_actor_types": ["pirate"], "status": "gone"},
]


@pytest.mark.parametrize("data", JUNK)
@pytest.mark.parametrize(
    "path",
    [
        "/en/traffar/ny/",
        "/en/traffar/kompetens/andra/",
        "/en/traffar/kompetens/dagordning/",
        "/en/traffar/kompetens/protokoll/",
        "/en/traffar/kompetens/anmalan/",
        "/en/traffar/kompetens/avanmalan/",
    ],
)
def test_bad_input_never_breaks_a_page(client_for, facilitator_fia, meeting, path, data):
    response = client_for(facilitator_fia).post(path, data)
    assert response.status_code < 500
