"""The taking-part pages over HTTP: voting with and without htmx, statements, access, limits."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.factories import ConversationFactory, StatementFactory
from verkstad.dialogue.models import (
    CurrentVote,
    Participant,
    Statement,
    StatementStatus,
    Vote,
)
from verkstad.dialogue.services.participation import COOKIE_NAME


@pytest.fixture(autouse=True)
def _fresh(settings):
    settings.VERKSTAD_SEARCH_SEMANTIC = False
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def conversation(db):
    conversation = ConversationFactory(slug="jobben")
    for number in range(3):
        StatementFactory(conversation=conversation, number=number)
    return conversation


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def html(response) -> str:
    return response.content.decode()


# --- the list --------------------------------------------------------------------------------


def test_the_list_shows_open_public_conversations(client, conversation):
    ConversationFactory(slug="hemligt", topic_sv="Hemligt samtal", access="link")
    ConversationFactory(slug="stangt", topic_sv="Stängt samtal", is_open=False)
    page = html(client.get("/dialog/"))
    assert conversation.topic_sv in page
    assert "Hemligt samtal" not in page and "Stängt samtal" not in page
    assert "/dialog/ny/" not in page


def test_facilitators_see_the_start_link(client_for, facilitator_fia, conversation):
    assert "/dialog/ny/" in html(client_for(facilitator_fia).get("/dialog/"))


# --- voting without JavaScript ---------------------------------------------------------------


def test_a_vote_without_javascript_redirects_back(client, conversation):
    response = client.post("/en/dialog/jobben/rosta/", {"statement": 1, "vote": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/en/dialog/jobben/#vote-card"
    assert COOKIE_NAME in response.cookies
    assert response.cookies[COOKIE_NAME]["httponly"]
    vote = CurrentVote.objects.get()
    assert (vote.statement.number, vote.value) == (1, 1)
    page = html(client.get("/en/dialog/jobben/"))
    assert "Your vote is saved: Agree." in page
    assert "You have voted on 1 of 3 statements." in page


def test_the_cookie_brings_the_same_participant_back(client, conversation):
    client.post("/dialog/jobben/rosta/", {"statement": 0, "vote": "1"})
    client.post("/dialog/jobben/rosta/", {"statement": 1, "vote": "-1"})
    assert Participant.objects.count() == 1
    assert Participant.objects.get().user is None


def test_a_forged_cookie_is_ignored(client, conversation):
    client.cookies[COOKIE_NAME] = "not-signed"
    response = client.post("/dialog/jobben/rosta/", {"statement": 0, "vote": "1"})
    assert response.status_code == 302
    assert Participant.objects.get().anonymous_key is not None


def test_a_signed_in_person_votes_as_themselves(client_for, participant_per, conversation):
    client = client_for(participant_per)
    client.post("/dialog/jobben/rosta/", {"statement": 0, "vote": "0"})
    assert Participant.objects.get().user == participant_per


def test_voting_the_same_twice_is_harmless(client, conversation):
    for _ in range(2):
        response = client.post("/dialog/jobben/rosta/", {"statement": 0, "vote": "1"})
        assert response.status_code == 302
    assert Vote.objects.count() == 1


def test_changing_a_vote_over_http_keeps_history(client, conversation):
    client.post("/dialog/jobben/rosta/", {"statement": 0, "vote": "1"})
    client.post("/dialog/jobben/rosta/", {"statement": 0, "vote": "-1"})
    assert Vote.objects.count() == 2
    assert CurrentVote.objects.get().value == -1


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"statement": "abc", "vote": "1"},
        {"statement": 0, "vote": "7"},
        {"statement": 99, "vote": "1"},
        {"statement": "99999999999999999999999", "vote": "1"},
    ],
)
def test_a_bad_vote_gets_a_clear_answer(client, conversation, data):
    response = client.post("/dialog/jobben/rosta/", data)
    assert response.status_code == 400
    assert 'role="alert"' in html(response)
    assert not Vote.objects.exists()


def test_a_vote_on_a_pending_statement_is_refused(client, conversation):
    StatementFactory(conversation=conversation, number=7, status=StatementStatus.PENDING)
    response = client.post("/dialog/jobben/rosta/", {"statement": 7, "vote": "1"})
    assert response.status_code == 400
    assert not Vote.objects.exists()


def test_voting_needs_post(client, conversation):
    assert client.get("/dialog/jobben/rosta/").status_code == 405


def test_all_done_links_to_the_results(client, conversation):
    for number in range(3):
        client.post("/dialog/jobben/rosta/", {"statement": number, "vote": "1"})
    page = html(client.get("/en/dialog/jobben/"))
    assert "You have voted on every statement" in page
    assert 'name="vote"' not in page


# --- voting with htmx ------------------------------------------------------------------------


def test_an_htmx_vote_swaps_only_the_card(client, conversation):
    response = client.post(
        "/en/dialog/jobben/rosta/", {"statement": 2, "vote": "-1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    page = html(response)
    assert "<html" not in page
    assert page.lstrip().startswith('<section id="vote-card"')
    assert 'hx-swap-oob="innerHTML:#vote-status"' in page
    assert "Your vote is saved: Disagree." in page
    assert "You have voted on 1 of 3 statements." in page
    assert CurrentVote.objects.get().value == -1


def test_an_htmx_answer_carries_the_token_for_the_next_vote(conversation):
    client = Client(enforce_csrf_checks=True)
    page = html(client.get("/dialog/jobben/"))
    token = CSRF_INPUT.search(page).group(1)
    for number in (0, 1):
        response = client.post(
            "/dialog/jobben/rosta/",
            {"csrfmiddlewaretoken": token, "statement": number, "vote": "1"},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200
        token = CSRF_INPUT.search(html(response)).group(1)
    assert Vote.objects.count() == 2


@pytest.mark.parametrize("n_statements", [3, 40])
def test_an_htmx_vote_asks_the_database_the_same_whatever_the_size(
    client, db, django_assert_num_queries, n_statements
):
    """Ten statements: the conversation, the statement, the participant; the current vote,
    the history row and the map request between a savepoint and its release; the accepted
    statements with the person's votes, and the statement to show next."""
    conversation = ConversationFactory(slug="stort")
    for number in range(n_statements):
        StatementFactory(conversation=conversation, number=number)
    client.post("/dialog/stort/rosta/", {"statement": 0, "vote": "1"}, HTTP_HX_REQUEST="true")
    with django_assert_num_queries(10):
        response = client.post(
            "/dialog/stort/rosta/", {"statement": 1, "vote": "1"}, HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 200


def test_the_page_is_ready_for_htmx(client, conversation):
    page = html(client.get("/dialog/jobben/"))
    assert 'hx-post="/dialog/jobben/rosta/"' in page and 'hx-target="#vote-card"' in page
    assert 'method="post" action="/dialog/jobben/rosta/"' in page
    assert 'id="vote-status"' in page and 'aria-live="polite"' in page
    assert 'id="statement-heading"' in page and 'tabindex="-1"' in page
    assert "verkstad/js/dialogue-vote.js" in page
    assert "style=" not in page and "<script>" not in page


# --- rate limits -----------------------------------------------------------------------------


def test_too_many_votes_get_429_with_a_message(client, conversation, settings, steady_rate_clock):
    settings.VERKSTAD_DIALOGUE_VOTES_PER_MINUTE = 1
    client.post("/dialog/jobben/rosta/", {"statement": 0, "vote": "1"})
    response = client.post("/en/dialog/jobben/rosta/", {"statement": 1, "vote": "1"})
    assert response.status_code == 429
    assert "You are voting faster than we can take in" in html(response)
    assert int(response["Retry-After"]) >= 1
    assert Vote.objects.count() == 1


def test_too_many_votes_with_htmx_answer_in_the_card(
    client, conversation, settings, steady_rate_clock
):
    settings.VERKSTAD_DIALOGUE_VOTES_PER_MINUTE = 1
    client.post("/dialog/jobben/rosta/", {"statement": 0, "vote": "1"})
    response = client.post(
        "/dialog/jobben/rosta/", {"statement": 1, "vote": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 429
    assert "<html" not in html(response) and 'role="alert"' in html(response)


def test_too_many_statements_keep_the_text(client, conversation, settings, steady_rate_clock):
    settings.VERKSTAD_DIALOGUE_STATEMENTS_PER_HOUR = 1
    client.post("/dialog/jobben/pastaende/", {"text": "Skolan behöver fler tekniklärare."})
    text = "Facket ska vara med när ny teknik införs."
    response = client.post("/en/dialog/jobben/pastaende/", {"text": text})
    assert response.status_code == 429
    page = html(response)
    assert "You have written many statements in a short time" in page
    assert text in page
    assert Statement.objects.filter(text=text).count() == 0


def test_the_limit_message_is_in_swedish_on_swedish_pages(
    client, conversation, settings, steady_rate_clock
):
    settings.VERKSTAD_DIALOGUE_VOTES_PER_MINUTE = 1
    client.post("/dialog/jobben/rosta/", {"statement": 0, "vote": "1"})
    response = client.post("/dialog/jobben/rosta/", {"statement": 1, "vote": "1"})
    assert response.status_code == 429
    assert 'lang="sv"' in html(response)


# --- statements ------------------------------------------------------------------------------


def test_a_statement_under_pre_moderation_waits(client, conversation):
    response = client.post(
        "/en/dialog/jobben/pastaende/", {"text": "Skolan behöver fler tekniklärare."}
    )
    assert response.status_code == 302
    statement = Statement.objects.get(text="Skolan behöver fler tekniklärare.")
    assert statement.status == StatementStatus.PENDING and statement.language == "en"
    assert "A moderator will read your statement" in html(client.get("/en/dialog/jobben/"))


def test_a_statement_under_post_moderation_shows(client, conversation):
    conversation.moderation = "post"
    conversation.save()
    client.post("/dialog/jobben/pastaende/", {"text": "Skolan behöver fler tekniklärare."})
    statement = Statement.objects.get(text="Skolan behöver fler tekniklärare.")
    assert statement.status == StatementStatus.ACCEPTED and statement.language == "sv"


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "Write your statement before you send it."),
        ("Kort", "Write at least 10 characters"),
        ("x" * 300, "Keep it to 280 characters at most; you wrote 300."),
        ("Se https://example.se för mer", "Leave out web addresses"),
    ],
)
def test_a_bad_statement_gets_form_errors(client, conversation, text, message):
    response = client.post("/en/dialog/jobben/pastaende/", {"text": text})
    assert response.status_code == 400
    page = html(response)
    assert "There is a problem" in page and message in page
    assert 'href="#id_text"' in page
    assert Statement.objects.count() == 3


def test_an_identical_statement_is_refused(client, conversation):
    existing = Statement.objects.get(number=0)
    response = client.post("/en/dialog/jobben/pastaende/", {"text": existing.text.upper()})
    assert response.status_code == 400
    assert "already in the conversation" in html(response)


def test_no_statement_form_when_participants_may_not_add(client, conversation):
    conversation.participants_may_add = False
    conversation.save()
    assert 'id="write"' not in html(client.get("/dialog/jobben/"))
    response = client.post("/dialog/jobben/pastaende/", {"text": "Ett helt rimligt påstående."})
    assert response.status_code == 400
    assert Statement.objects.count() == 3


# --- closed conversations --------------------------------------------------------------------


def test_a_closed_conversation_says_so(client, conversation):
    conversation.is_open = False
    conversation.save()
    page = html(client.get("/en/dialog/jobben/"))
    assert "This conversation is closed" in page and 'name="vote"' not in page
    response = client.post("/en/dialog/jobben/rosta/", {"statement": 0, "vote": "1"})
    assert response.status_code == 400
    assert not Vote.objects.exists()


# --- access ----------------------------------------------------------------------------------


def test_a_link_only_conversation_needs_the_join_link(client, conversation):
    conversation.access = "link"
    conversation.save()
    assert client.get("/dialog/jobben/").status_code == 403
    assert client.post("/dialog/jobben/rosta/", {"statement": 0, "vote": "1"}).status_code == 403
    assert client.get("/dialog/jobben/delta/fel-token/").status_code == 404
    assert client.get("/dialog/jobben/delta/%C3%A5%C3%A4%C3%B6/").status_code == 404
    response = client.get(f"/dialog/jobben/delta/{conversation.join_token}/")
    assert response.status_code == 200
    assert client.get("/dialog/jobben/").status_code == 200
    assert client.post("/dialog/jobben/rosta/", {"statement": 0, "vote": "1"}).status_code == 302


def test_a_new_join_token_shuts_out_old_links(client, conversation):
    conversation.access = "link"
    conversation.save()
    client.get(f"/dialog/jobben/delta/{conversation.join_token}/")
    conversation.join_token = "nytt"
    conversation.save()
    assert client.get("/dialog/jobben/").status_code == 403


def test_facilitators_see_the_join_link(client_for, facilitator_fia, conversation):
    conversation.access = "link"
    conversation.save()
    page = html(client_for(facilitator_fia).get("/dialog/jobben/"))
    assert f"/dialog/jobben/delta/{conversation.join_token}/" in page


def test_a_signed_in_conversation_sends_visitors_to_sign_in(client, conversation):
    conversation.access = "signed_in"
    conversation.save()
    response = client.get("/dialog/jobben/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    response = client.post("/dialog/jobben/rosta/", {"statement": 0, "vote": "1"})
    assert response.status_code == 302
    assert not Vote.objects.exists()


def test_a_signed_in_conversation_lets_users_in(client_for, participant_per, conversation):
    conversation.access = "signed_in"
    conversation.save()
    client = client_for(participant_per)
    assert client.get("/dialog/jobben/").status_code == 200


def test_an_unknown_conversation_is_404(client, db):
    assert client.get("/dialog/finns-inte/").status_code == 404


# --- my votes --------------------------------------------------------------------------------


def test_an_anonymous_person_deletes_their_own_votes(client, conversation):
    client.post("/dialog/jobben/rosta/", {"statement": 0, "vote": "1"})
    client.post("/dialog/jobben/pastaende/", {"text": "Skolan behöver fler tekniklärare."})
    page = html(client.get("/en/dialog/jobben/mina-svar/"))
    assert "Skolan behöver fler tekniklärare." in page and "Agree" in page
    response = client.post("/dialog/jobben/mina-svar/")
    assert response.status_code == 302
    assert not Participant.objects.exists() and not Vote.objects.exists()
    kept = Statement.objects.get(text="Skolan behöver fler tekniklärare.")
    assert kept.author is None


def test_someone_else_cannot_see_my_votes(client, conversation, django_user_model):
    client.post("/dialog/jobben/rosta/", {"statement": 0, "vote": "1"})
    client.cookies.clear()
    page = html(client.get("/en/dialog/jobben/mina-svar/"))
    assert "You have not taken part in this conversation yet" in page
    client.post("/dialog/jobben/mina-svar/")
    assert Vote.objects.count() == 1
