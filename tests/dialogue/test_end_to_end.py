"""The issue's "done when", walked through the real views in one test.

A facilitator starts a conversation from a big question with its seed statements; people
declare an actor type and vote (anonymously, each with their own cookie); one adds a statement,
which a moderator accepts and others vote on; the opinion map is computed in the background
task; the report and its JSON show the groups, consensus and the actor-type lens, and nothing
about fewer than 5 people or any one person.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from verkstad.dialogue.models import Conversation, Participant, Statement, StatementStatus, Vote
from verkstad.dialogue.snapshots import map_run
from verkstad.knowledge.loader import content_load, default_content_path
from verkstad.knowledge.models import BigQuestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def question() -> BigQuestion:
    assert content_load(path=default_content_path()).ok
    return BigQuestion.objects.filter(seed_statements__isnull=False).order_by("number").first()


def _declare(client: Client, slug: str, actor_type: str) -> None:
    response = client.post(
        reverse("dialogue:role", args=[slug]), {"actor_type": actor_type, "consent": "on"}
    )
    assert response.status_code == 302, response.content.decode()[:500]


def _vote(client: Client, slug: str, number: int, value: int) -> None:
    response = client.post(
        reverse("dialogue:vote", args=[slug]), {"statement": number, "vote": value}
    )
    assert response.status_code == 302


def test_from_big_question_to_report(client_for, facilitator_fia, moderator_maja, question):
    seeds = list(question.seed_statements.order_by("position"))
    facilitator = client_for(facilitator_fia)
    start = reverse("dialogue:conversation_create") + f"?question={question.slug}"
    assert facilitator.get(start).status_code == 200
    response = facilitator.post(
        start,
        {
            "question": question.slug,
            "topic_sv": question.title_sv,
            "topic_en": question.title_en,
            "language": "sv",
            "seeds": [s.pk for s in seeds],
            "access": "anyone",
            "moderation": "pre",
            "participants_may_add": "on",
        },
    )
    assert response.status_code == 302
    conversation = Conversation.objects.get(question=question)
    slug = conversation.slug
    numbers = list(conversation.statements.order_by("number").values_list("number", flat=True))
    assert len(numbers) == len(seeds)

    # Two camps of six (unions agree with everything, municipalities disagree), and three
    # school people who vote like the unions: too few to be shown as an actor type.
    people = [("fackforbund", 1)] * 6 + [("kommun", -1)] * 6 + [("skola", 1)] * 3
    clients = []
    for actor_type, value in people:
        person = Client()
        _declare(person, slug, actor_type)
        for number in numbers:
            _vote(person, slug, number, value)
        clients.append((person, value))

    # One person writes a statement; it waits for the moderator, then everyone votes on it.
    writer = clients[0][0]
    response = writer.post(
        reverse("dialogue:statement_create", args=[slug]),
        {"text": "Kommunen och bruket borde planera kompetensförsörjningen tillsammans."},
    )
    assert response.status_code == 302
    new = Statement.objects.get(conversation=conversation, is_seed=False)
    assert new.status == StatementStatus.PENDING
    moderator = client_for(moderator_maja)
    queue = reverse("dialogue:moderation_queue", args=[slug])
    assert new.text in moderator.get(queue).content.decode()
    assert moderator.post(queue, {"action": f"accept:{new.pk}"}).status_code == 302
    new.refresh_from_db()
    assert new.status == StatementStatus.ACCEPTED and new.moderated_by == moderator_maja
    for person, _value in clients:
        _vote(person, slug, new.number, 1)

    assert Participant.objects.filter(conversation=conversation).count() == 15
    assert Vote.objects.filter(participant__conversation=conversation).count() == 15 * (
        len(numbers) + 1
    )

    map_run(conversation.pk)  # what the background task runs

    data = json.loads(client_for(None).get(reverse("dialogue:report_json", args=[slug])).content)
    assert data["counts"]["participants"] == 15
    sizes = sorted(g["size"] for g in data["groups"])
    assert sizes == [6, 9]  # municipalities; unions with the school people
    consensus = [c["statement"]["number"] for c in data["consensus"]]
    assert new.number in consensus  # everyone agreed with the new statement
    lens = data["actor_types"]
    shown = {c["actor_type"]: c["people"] for c in lens["columns"]}
    assert shown == {"fackforbund": 6, "kommun": 6}
    assert lens["hidden_actor_types"] == 1  # the three from schools
    text = json.dumps(data)
    assert "skola" not in text
    for participant in Participant.objects.filter(conversation=conversation):
        assert str(participant.anonymous_key) not in text

    page = client_for(None).get(reverse("dialogue:report", args=[slug])).content.decode()
    assert "Kommunen och bruket borde planera" in page
