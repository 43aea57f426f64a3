"""A live session from start to report through the real views: join, answer, control."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from verkstad.workshops.live import board, services
from verkstad.workshops.live.models import ActivityState, Answer, LiveParticipant

pytestmark = pytest.mark.django_db


def test_phones_join_answer_and_the_board_counts_them(
    client, facilitator_fia, live_session, poll, join
):
    client.force_login(facilitator_fia)
    client.post(f"/traffar/live/{live_session.code}/styr/", {"action": "next"})
    client.post(f"/traffar/live/{live_session.code}/styr/", {"action": "open"})
    phones = [join(live_session) for _ in range(6)]
    assert LiveParticipant.objects.filter(session=live_session).count() == 6
    assert sorted(LiveParticipant.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
    for n, phone in enumerate(phones):
        response = phone.post(
            f"/delta/{live_session.code}/svar/{poll.pk}/", {"choice": "o1" if n < 4 else "o2"}
        )
        assert response.status_code == 302
    # The same answer again, and a changed one: one row per phone, the latest counts.
    phones[0].post(f"/delta/{live_session.code}/svar/{poll.pk}/", {"choice": "o1"})
    phones[1].post(f"/delta/{live_session.code}/svar/{poll.pk}/", {"choice": "o3"})
    assert Answer.objects.filter(activity=poll).count() == 6
    with translation.override("en"):
        payload = board.presenter_payload(live_session.pk, "en")
    assert payload["answered"] == 6
    assert payload["participants"] == 6
    # Hidden until the facilitator reveals them.
    assert "The municipality" not in payload["html"]
    client.post(f"/traffar/live/{live_session.code}/styr/", {"action": "reveal"})
    with translation.override("en"):
        payload = board.presenter_payload(live_session.pk, "en")
    assert "3 people answered" not in payload["html"]
    assert "The municipality: 3 answers" in payload["html"]
    assert "The union: 2 answers" in payload["html"]
    assert "The school: 1 answer" in payload["html"]


def test_a_closed_question_refuses_answers_with_a_message(live_session, poll, join):
    phone = join(live_session)
    services.control(session=live_session, action="show", activity=poll)
    response = phone.post(
        f"/en/delta/{live_session.code}/svar/{poll.pk}/",
        {"choice": "o1"},
        HTTP_X_REQUESTED_WITH="live",
    )
    assert response.status_code == 409
    assert b"This question is closed" in response.content
    assert not Answer.objects.exists()


def test_a_wrong_choice_is_a_form_error_not_a_500(live_session, poll, join):
    phone = join(live_session)
    services.control(session=live_session, action="show", activity=poll)
    services.control(session=live_session, action="open")
    response = phone.post(f"/en/delta/{live_session.code}/svar/{poll.pk}/", {"choice": "nope"})
    assert response.status_code == 400
    assert b"Choose one of the options." in response.content
    assert not Answer.objects.exists()


@pytest.mark.parametrize("code", ["ZZZZZZ", "abc", "Ö!Ö!Ö!", "x" * 40])
def test_a_wrong_code_gets_a_friendly_page(client, live_session, code):
    response = client.get(f"/en/delta/{code}/")
    assert response.status_code == 404
    assert b"No session with this code" in response.content


def test_an_ended_session_code_stops_working(client, live_session):
    services.control(session=live_session, action="end")
    response = client.get(f"/en/delta/{live_session.code}/")
    assert response.status_code == 404


def test_the_code_box_accepts_lower_case_and_spaces(client, live_session):
    spaced = f"{live_session.code[:3].lower()} {live_session.code[3:].lower()}"
    response = client.get("/delta/", {"code": spaced})
    assert response.status_code == 302
    assert response["Location"] == f"/delta/{live_session.code}/"


def test_a_locked_session_takes_no_new_phones(client, live_session):
    services.control(session=live_session, action="lock")
    response = client.post(f"/en/delta/{live_session.code}/", {})
    assert response.status_code == 403
    assert b"closed this session to new participants" in response.content


def test_a_role_needs_consent(client, live_session):
    response = client.post(f"/en/delta/{live_session.code}/", {"actor_type": "fackforbund"})
    assert response.status_code == 400
    assert not LiveParticipant.objects.exists()
    response = client.post(
        f"/en/delta/{live_session.code}/", {"actor_type": "fackforbund", "consent": "on"}
    )
    assert response.status_code == 302
    participant = LiveParticipant.objects.get()
    assert participant.actor_type == "fackforbund" and participant.consent_at is not None


def test_leaving_erases_the_phones_answers(live_session, poll, join):
    phone = join(live_session)
    services.control(session=live_session, action="show", activity=poll)
    services.control(session=live_session, action="open")
    phone.post(f"/delta/{live_session.code}/svar/{poll.pk}/", {"choice": "o2"})
    assert Answer.objects.count() == 1
    phone.post(f"/delta/{live_session.code}/lamna/")
    assert not Answer.objects.exists()
    assert not LiveParticipant.objects.exists()


def test_flooding_from_one_phone_is_rate_limited(settings, live_session, poll, join):
    settings.VERKSTAD_LIVE_ANSWERS_PER_MINUTE = 3
    phone = join(live_session)
    services.control(session=live_session, action="show", activity=poll)
    services.control(session=live_session, action="open")
    statuses = [
        phone.post(f"/en/delta/{live_session.code}/svar/{poll.pk}/", {"choice": "o1"}).status_code
        for _ in range(5)
    ]
    assert statuses[:3] == [302, 302, 302]
    response = phone.post(f"/en/delta/{live_session.code}/svar/{poll.pk}/", {"choice": "o1"})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert b"Wait" in response.content


def test_the_phone_state_changes_token_when_the_room_moves_on(live_session, poll, join):
    phone = join(live_session)
    before = json.loads(phone.get(f"/delta/{live_session.code}/lage/").content)
    services.control(session=live_session, action="show", activity=poll)
    after = json.loads(phone.get(f"/delta/{live_session.code}/lage/").content)
    assert before["token"] != after["token"]
    fragment = phone.get(f"/en/delta/{live_session.code}/fraga/")
    assert b"Who is responsible for skills?" in fragment.content


def test_reset_removes_the_answers(live_session, poll, join):
    phone = join(live_session)
    services.control(session=live_session, action="show", activity=poll)
    services.control(session=live_session, action="open")
    phone.post(f"/delta/{live_session.code}/svar/{poll.pk}/", {"choice": "o2"})
    services.control(session=live_session, action="reset")
    poll.refresh_from_db()
    assert poll.state == ActivityState.DRAFT and not poll.answers.exists()


def test_the_qr_code_is_an_svg_of_the_join_address(client, facilitator_fia, live_session):
    client.force_login(facilitator_fia)
    response = client.get(f"/traffar/live/{live_session.code}/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    # A standalone SVG: without its namespace an <img> shows nothing.
    assert response.content.startswith(b'<svg xmlns="http://www.w3.org/2000/svg"')


@pytest.mark.parametrize(
    "path",
    [
        "/traffar/live/{code}/",
        "/traffar/live/{code}/visning/",
        "/traffar/live/{code}/qr.svg",
        "/traffar/live/{code}/aktivitet/ny/",
    ],
)
def test_facilitator_pages_are_closed_to_participants(client, participant_per, live_session, path):
    url = path.format(code=live_session.code)
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(participant_per)
    assert client.get(url).status_code == 403
