"""Facilitators start a conversation from a big question or a finding; knowledge pages link in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import ConversationFactory
from verkstad.dialogue.models import Conversation, StatementStatus
from verkstad.knowledge.loader import content_load, default_content_path
from verkstad.knowledge.models import BigQuestion, Finding, SeedStatement

QUESTION = "vilka-jobb-forsvinner"
FINDING = "digitalisering-ar-en-komplex-process"


@pytest.fixture
def content(db) -> None:
    report = content_load(path=default_content_path())
    assert report.ok, [str(e) for e in report.errors]


def html(response) -> str:
    return response.content.decode()


def test_only_people_who_run_meetings_may_start_one(client_for, participant_per, client, db):
    url = reverse("dialogue:conversation_create")
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    assert client_for(participant_per).get(url).status_code == 403


@pytest.mark.parametrize("persona", ["facilitator_fia", "editor_eva", "staff_sam"])
def test_people_who_run_meetings_get_the_form(client_for, request, persona, db):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("dialogue:conversation_create")).status_code == 200


def test_a_big_question_prefills_the_form_and_offers_its_seeds(
    client_for, facilitator_fia, content
):
    question = BigQuestion.objects.get(slug=QUESTION)
    page = html(client_for(facilitator_fia).get(f"/en/dialog/ny/?question={QUESTION}"))
    assert question.title_sv in page and question.title_en in page
    for seed in question.seed_statements.all():
        assert seed.text_en in page
        assert f'value="{seed.pk}"' in page


def test_starting_from_a_big_question_creates_seed_statements(client_for, facilitator_fia, content):
    question = BigQuestion.objects.get(slug=QUESTION)
    seeds = list(question.seed_statements.all()[:2])
    response = client_for(facilitator_fia).post(
        "/dialog/ny/",
        {
            "question": QUESTION,
            "topic_sv": "Jobben i Borlänge",
            "topic_en": "Jobs in Borlänge",
            "language": "sv",
            "seeds": [s.pk for s in seeds],
            "extra_statements": "Kommunen borde starta en yrkesskola.\n\n",
            "access": "link",
            "moderation": "post",
            "participants_may_add": "on",
        },
    )
    conversation = Conversation.objects.get(topic_sv="Jobben i Borlänge")
    assert response["Location"] == conversation.get_absolute_url()
    assert conversation.question == question and conversation.created_by == facilitator_fia
    assert conversation.access == "link" and conversation.moderation == "post"
    statements = list(conversation.statements.order_by("number"))
    assert [s.text for s in statements] == [
        *(s.text_sv for s in seeds),
        "Kommunen borde starta en yrkesskola.",
    ]
    assert all(s.is_seed and s.status == StatementStatus.ACCEPTED for s in statements)
    assert [s.seed_statement for s in statements[:2]] == seeds
    linked = {s.finding_id for s in seeds if s.finding_id}
    assert set(conversation.findings.values_list("pk", flat=True)) == linked


def test_english_seed_statements_on_request(client_for, facilitator_fia, content):
    seed = SeedStatement.objects.filter(question__slug=QUESTION).first()
    client_for(facilitator_fia).post(
        "/dialog/ny/",
        {
            "question": QUESTION,
            "topic_sv": "Jobben",
            "topic_en": "Jobs",
            "language": "en",
            "seeds": [seed.pk],
            "access": "anyone",
            "moderation": "pre",
        },
    )
    statement = Conversation.objects.get(topic_en="Jobs").statements.get()
    assert (statement.text, statement.language) == (seed.text_en, "en")


def test_starting_from_a_finding_links_it(client_for, facilitator_fia, content):
    finding = Finding.objects.get(slug=FINDING)
    client = client_for(facilitator_fia)
    page = html(client.get(f"/dialog/ny/?finding={FINDING}"))
    assert finding.title_sv in page
    client.post(
        "/dialog/ny/",
        {
            "finding": FINDING,
            "topic_sv": finding.title_sv,
            "topic_en": finding.title_en,
            "language": "sv",
            "access": "anyone",
            "moderation": "pre",
        },
    )
    conversation = Conversation.objects.get(topic_sv=finding.title_sv)
    assert list(conversation.findings.all()) == [finding]
    assert conversation.slug and conversation.slug != "ny"


def test_bad_input_gives_form_errors(client_for, facilitator_fia, db):
    response = client_for(facilitator_fia).post(
        "/en/dialog/ny/",
        {
            "topic_sv": "",
            "topic_en": "x",
            "language": "fr",
            "access": "everyone",
            "moderation": "pre",
            "extra_statements": "kort",
        },
    )
    assert response.status_code == 400
    page = html(response)
    assert "There is a problem" in page and "Line 1:" in page
    assert not Conversation.objects.exists()


def test_an_unknown_question_is_404(client_for, facilitator_fia, db):
    client = client_for(facilitator_fia)
    assert client.get("/dialog/ny/?question=finns-inte").status_code == 404


def test_slugs_never_take_a_sites_address(client_for, facilitator_fia, db):
    ConversationFactory(slug="jobben")
    for topic in ("Ny", "Jobben"):
        client_for(facilitator_fia).post(
            "/dialog/ny/",
            {
                "topic_sv": topic,
                "topic_en": topic,
                "language": "sv",
                "access": "anyone",
                "moderation": "pre",
            },
        )
    slugs = set(Conversation.objects.values_list("slug", flat=True))
    assert slugs == {"jobben", "ny-samtal", "jobben-2"}


# --- "Discuss" on the knowledge pages --------------------------------------------------------


def test_the_finding_page_links_to_open_conversations(client, content):
    finding = Finding.objects.get(slug=FINDING)
    conversation = ConversationFactory(topic_sv="Samtal om fyndet")
    conversation.findings.add(finding)
    hidden = ConversationFactory(topic_sv="Bara med länk", access="link")
    hidden.findings.add(finding)
    page = html(client.get(finding.get_absolute_url()))
    assert 'id="discuss-heading"' in page
    assert conversation.get_absolute_url() in page
    assert "Bara med länk" not in page
    assert "/dialog/ny/" not in page


def test_facilitators_may_start_from_a_finding_or_question(client_for, facilitator_fia, content):
    client = client_for(facilitator_fia)
    page = html(client.get(f"/kunskap/fynd/{FINDING}/"))
    assert f"/dialog/ny/?finding={FINDING}" in page
    page = html(client.get(f"/kunskap/fragor/{QUESTION}/"))
    assert f"/dialog/ny/?question={QUESTION}" in page


def test_the_question_page_links_to_its_conversations(client, content):
    question = BigQuestion.objects.get(slug=QUESTION)
    conversation = ConversationFactory(topic_sv="Samtal om frågan", question=question)
    ConversationFactory(topic_sv="Stängt", question=question, is_open=False)
    page = html(client.get(question.get_absolute_url()))
    assert conversation.get_absolute_url() in page and "Stängt" not in page


def test_no_discuss_box_without_conversations(client, content):
    page = html(client.get(f"/kunskap/fynd/{FINDING}/"))
    assert 'id="discuss-heading"' not in page
