"""The question in the phones' stream: rendered once per group of phones, not fetched by each."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from tests.factories import ConversationFactory, StatementFactory
from verkstad.workshops.live import board, services
from verkstad.workshops.live.kinds import PHONE_SLOTS, phone_slot
from verkstad.workshops.live.models import Activity, ActivityKind, LiveParticipant

pytestmark = pytest.mark.django_db

STATEMENT = re.compile(r'name="statement" value="(\d+)"')


@pytest.fixture(autouse=True)
def _no_remembered_questions():
    board._QUESTIONS.clear()
    yield
    board._QUESTIONS.clear()


def _payload(session, slot=0, language="sv"):
    with translation.override(language):
        return board.phone_payload(session.pk, language, str(slot))


def _open(session, activity):
    services.control(session=session, action="show", activity=activity)
    services.control(session=session, action="open")


def test_an_open_poll_is_in_the_stream_for_phones_that_have_not_answered(live_session, poll):
    _open(live_session, poll)
    payload = _payload(live_session, language="en")
    assert payload["activity"] == poll.pk
    assert payload["question_for"] == "unanswered"
    assert "Who is responsible for skills?" in payload["question"]
    assert 'name="choice" value="o2"' in payload["question"]
    assert "The union" in payload["question"]  # the options in the phone's language
    assert f"/en/delta/{live_session.code}/svar/{poll.pk}/" in payload["question"]
    # Rendered for many phones: no CSRF token (live.js adds the page's) and nothing checked.
    assert "csrfmiddlewaretoken" not in payload["question"]
    assert "checked" not in payload["question"]
    assert "data-answered" not in payload["question"]


def test_what_a_phone_fetches_says_whether_it_has_answered(live_session, poll, join):
    _open(live_session, poll)
    phone = join(live_session)
    url = f"/delta/{live_session.code}/fraga/"
    assert "data-answered" not in phone.get(url).content.decode()
    phone.post(f"/delta/{live_session.code}/svar/{poll.pk}/", {"choice": "o1"})
    page = phone.get(url).content.decode()
    assert "data-answered" in page
    assert "csrfmiddlewaretoken" in page


def test_a_closed_question_and_the_welcome_suit_every_phone(live_session, poll):
    payload = _payload(live_session)
    assert payload["question_for"] == "everyone"
    assert payload["activity"] == 0
    _open(live_session, poll)
    services.control(session=live_session, action="close")
    payload = _payload(live_session)
    assert payload["question_for"] == "everyone"
    assert "<form" not in payload["question"]


def test_texts_of_ones_own_are_fetched_not_shared(live_session):
    cloud = Activity.objects.create(
        session=live_session, position=1, kind=ActivityKind.WORDCLOUD,
        prompt_sv="Ett ord om orten?", prompt_en="A word about the town?",
    )  # fmt: skip
    _open(live_session, cloud)
    payload = _payload(live_session)
    assert "question" not in payload
    assert payload["token"]


def test_an_edited_question_is_sent_again(live_session, poll):
    _open(live_session, poll)
    assert "Vem bär ansvaret" in _payload(live_session)["question"]
    Activity.objects.filter(pk=poll.pk).update(prompt_sv="Vem tar ansvar för orten?")
    payload = _payload(live_session)
    assert "Vem tar ansvar för orten?" in payload["question"]


def test_revealed_results_travel_beside_the_question(live_session, poll, join):
    _open(live_session, poll)
    join(live_session).post(f"/delta/{live_session.code}/svar/{poll.pk}/", {"choice": "o3"})
    services.control(session=live_session, action="reveal")
    payload = _payload(live_session)
    assert 'id="live-results"' in payload["question"]
    assert "Skolan" in payload["results"]


def test_a_statement_round_starts_each_group_as_its_phones_would_fetch(live_session, join):
    conversation = ConversationFactory()
    for number in range(6):
        StatementFactory(conversation=conversation, number=number, text=f"Påstående {number}.")
    round_ = Activity.objects.create(
        session=live_session, position=1, kind=ActivityKind.STATEMENTS,
        prompt_sv="Vad tycker du?", prompt_en="What do you think?", conversation=conversation,
    )  # fmt: skip
    _open(live_session, round_)
    firsts = set()
    for _ in range(PHONE_SLOTS + 1):
        phone = join(live_session)
        participant = LiveParticipant.objects.order_by("-number").first()
        fetched = phone.get(f"/delta/{live_session.code}/fraga/").content.decode()
        shared = _payload(live_session, phone_slot(participant))["question"]
        assert STATEMENT.findall(fetched)[0] == STATEMENT.findall(shared)[0]
        firsts.add(STATEMENT.findall(shared)[0])
    # The groups do not all start on the same statement.
    assert len(firsts) > 1
