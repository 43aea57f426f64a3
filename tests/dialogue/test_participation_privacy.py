"""Declared roles, "my data", erasure and withdrawn consent for dialogue participants."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.factories import ConversationFactory, StatementFactory
from verkstad.accounts.models import Consent, ConsentPurpose
from verkstad.accounts.personal_data import personal_data_export
from verkstad.accounts.services import account_erase, consent_withdraw
from verkstad.dialogue.models import Participant, Statement, Vote
from verkstad.dialogue.services.participation import (
    cast_vote,
    participant_create,
    role_declare,
    role_withdraw,
    submit_statement,
)


@pytest.fixture(autouse=True)
def _fresh(settings):
    settings.VERKSTAD_SEARCH_SEMANTIC = False
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def conversation(db):
    conversation = ConversationFactory(slug="jobben")
    StatementFactory(conversation=conversation, number=0)
    return conversation


def html(response) -> str:
    return response.content.decode()


# --- the role form ---------------------------------------------------------------------------


def test_the_role_page_explains_why_and_how(client, conversation):
    page = html(client.get("/en/dialog/jobben/roll/"))
    assert "Why we ask, and how your answer is shown" in page
    assert "fewer than 5 people is never shown" in page
    assert 'name="consent"' in page


def test_declaring_a_role_anonymously(client, conversation, settings):
    response = client.post(
        "/dialog/jobben/roll/",
        {"actor_type": "fackforbund", "municipality_code": "2081", "consent": "on"},
    )
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert (participant.actor_type, participant.municipality_code) == ("fackforbund", "2081")
    assert participant.declared_at is not None
    assert participant.consent_version == settings.VERKSTAD_DIALOGUE_ROLE_CONSENT_VERSION
    conversation.refresh_from_db()
    assert conversation.map_stale_since is not None


@pytest.mark.parametrize(
    "data, message",
    [
        ({"actor_type": "fackforbund", "municipality_code": "2081"}, "Tick the box"),
        ({"actor_type": "", "consent": "on"}, "Choose the kind of actor"),
        ({"actor_type": "kung", "consent": "on"}, "Select a valid choice"),
        ({"actor_type": "skola", "municipality_code": "99x", "consent": "on"}, "four digits"),
        ({"actor_type": "skola", "municipality_code": "9999", "consent": "on"}, "county"),
    ],
)
def test_a_bad_role_answer_gets_form_errors(client, conversation, data, message):
    response = client.post("/en/dialog/jobben/roll/", data)
    assert response.status_code == 400
    assert "There is a problem" in html(response) and message in html(response)
    assert not Participant.objects.exists()


def test_a_signed_in_declaration_records_consent(client_for, participant_per, conversation):
    client = client_for(participant_per)
    client.post("/dialog/jobben/roll/", {"actor_type": "skola", "consent": "on"})
    consent = Consent.objects.get(user=participant_per, purpose=ConsentPurpose.DECLARED_ROLE)
    assert consent.withdrawn_at is None
    client.post("/dialog/jobben/roll/", {"action": "withdraw"})
    participant = Participant.objects.get()
    assert participant.actor_type == "" and participant.declared_at is None
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_withdrawing_keeps_the_consent_while_another_declaration_stands(participant_per, db):
    one = participant_create(conversation=ConversationFactory(), user=participant_per)
    two = participant_create(conversation=ConversationFactory(), user=participant_per)
    role_declare(participant=one, actor_type="skola", municipality_code="")
    role_declare(participant=two, actor_type="skola", municipality_code="")
    assert Consent.objects.filter(purpose=ConsentPurpose.DECLARED_ROLE).count() == 1
    role_withdraw(participant=one)
    assert Consent.objects.get(purpose=ConsentPurpose.DECLARED_ROLE).withdrawn_at is None


def test_withdrawing_consent_in_my_data_clears_every_declared_role(participant_per, db):
    participant = participant_create(conversation=ConversationFactory(), user=participant_per)
    role_declare(participant=participant, actor_type="kommun", municipality_code="1980")
    consent = Consent.objects.get(purpose=ConsentPurpose.DECLARED_ROLE)
    consent_withdraw(consent=consent)
    participant.refresh_from_db()
    assert (participant.actor_type, participant.municipality_code) == ("", "")
    assert participant.declared_at is None and participant.consent_version == ""


# --- my data and erasure ---------------------------------------------------------------------


def _take_part(user, conversation):
    participant = participant_create(conversation=conversation, user=user)
    statement = conversation.statements.get(number=0)
    cast_vote(participant=participant, statement=statement, value=1)
    cast_vote(participant=participant, statement=statement, value=-1)
    submit_statement(
        participant=participant,
        text="Skolan behöver fler tekniklärare.",
        language="sv",
        find_duplicate=lambda *args: None,
    )
    role_declare(participant=participant, actor_type="skola", municipality_code="2081")
    return participant


def test_my_data_holds_my_participations(participant_per, conversation):
    _take_part(participant_per, conversation)
    section = personal_data_export(user=participant_per)["sections"]["dialogue"]
    [entry] = section["participations"]
    assert entry["conversation"] == "jobben"
    assert entry["declared_actor_type"] == "skola"
    assert entry["declared_municipality_code"] == "2081"
    assert [v["vote"] for v in entry["votes"]] == [1, -1]
    assert entry["statements"][0]["text"] == "Skolan behöver fler tekniklärare."


def test_my_data_holds_nothing_of_others(participant_per, outsider_olle, conversation):
    _take_part(outsider_olle, conversation)
    section = personal_data_export(user=participant_per)["sections"]["dialogue"]
    assert section == {"participations": []}


def test_erasing_an_account_keeps_votes_but_not_the_person(participant_per, conversation):
    participant = _take_part(participant_per, conversation)
    account_erase(user=participant_per)
    participant.refresh_from_db()
    assert participant.user is None
    assert participant.actor_type == "" and participant.municipality_code == ""
    assert participant.declared_at is None
    assert Vote.objects.filter(participant=participant).count() == 2
    assert Statement.objects.get(text="Skolan behöver fler tekniklärare.").author == participant
