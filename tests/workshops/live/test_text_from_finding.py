"""Activities made from a finding card: the real knowledge base, loaded from content/."""

from __future__ import annotations

from pathlib import Path

import pytest

from verkstad.knowledge.loader import content_load
from verkstad.knowledge.models import EditorialStatus, Finding, SeedStatement
from verkstad.workshops.live.models import ActivityKind

pytestmark = pytest.mark.django_db

CONTENT = Path(__file__).resolve().parents[3] / "content"


@pytest.fixture
def knowledge(db):
    report = content_load(path=CONTENT)
    assert not report.errors
    return Finding.objects.get(slug="karriarvagar-och-utbildning")


def _url(session, prefix="/en"):
    return f"{prefix}/traffar/live/{session.code}/fran-fynd/"


def test_the_page_proposes_activities_from_the_finding(
    client, facilitator_fia, live_session, knowledge
):
    client.force_login(facilitator_fia)
    assert client.get(_url(live_session)).status_code == 200
    page = client.get(_url(live_session), {"finding": knowledge.slug}).content.decode()
    assert "Career paths and training build involvement" in page  # the title, in English
    question = knowledge.questions.get()
    assert question.title_sv in page  # the word cloud asks the big question
    for seed in question.seed_statements.all():
        assert seed.text_en in page


def test_one_post_makes_a_scale_a_choice_and_a_word_cloud_linked_to_the_finding(
    client, facilitator_fia, live_session, poll, knowledge
):
    client.force_login(facilitator_fia)
    seeds = list(SeedStatement.objects.filter(question__findings=knowledge).order_by("position"))
    assert len(seeds) >= 3
    question = knowledge.questions.get()
    response = client.post(
        _url(live_session),
        {
            "finding": knowledge.slug,
            "make_scale": "on",
            "scale_sv": f"Hur väl stämmer detta på vår ort? ”{knowledge.title_sv}”",
            "scale_en": f"How well does this describe our town? “{knowledge.title_en}”",
            "make_choice": "on",
            "choice_kind": "ranking",
            "choice_sv": "Ordna påståendena",
            "choice_en": "Rank the statements",
            "seeds": [s.pk for s in seeds[:3]],
            "make_cloud": "on",
            "cloud_sv": f"{question.title_sv} Svara med ett eller några ord.",
            "cloud_en": f"{question.title_en} Answer in a word or a few.",
        },
    )
    assert response.status_code == 302
    made = list(live_session.activities.exclude(pk=poll.pk).order_by("position"))
    assert [a.kind for a in made] == [
        ActivityKind.SCALE,
        ActivityKind.RANKING,
        ActivityKind.WORDCLOUD,
    ]
    assert all(a.finding_id == knowledge.pk for a in made)
    assert [a.position for a in made] == [2, 3, 4]  # after the poll already there
    scale, ranking, cloud = made
    assert knowledge.title_sv in scale.prompt_sv and knowledge.title_en in scale.prompt_en
    assert scale.config["low_sv"] == "Inte alls"
    assert [o["sv"] for o in ranking.options] == [s.text_sv for s in seeds[:3]]
    assert [o["en"] for o in ranking.options] == [s.text_en for s in seeds[:3]]
    assert [o["key"] for o in ranking.options] == ["o1", "o2", "o3"]
    assert cloud.prompt_sv.startswith(question.title_sv)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Tick at least one activity to add."),
        ({"make_scale": "on", "scale_sv": ""}, "Write the question in Swedish."),
        ({"make_scale": "on", "scale_sv": "x" * 301}, "at most 300 characters"),
        ({"make_choice": "on", "choice_sv": "Välj", "seeds": []}, "Tick between 2 and 12"),
        ({"make_choice": "on", "choice_sv": "Välj", "choice_kind": "nope"}, "Select a valid"),
    ],
)
def test_bad_proposals_are_form_errors(
    client, facilitator_fia, live_session, knowledge, data, message
):
    client.force_login(facilitator_fia)
    data = {"finding": knowledge.slug, "choice_kind": "poll_multi", **data}
    response = client.post(_url(live_session), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not live_session.activities.exists()


def test_an_unknown_or_unpublished_finding_is_not_offered(
    client, facilitator_fia, live_session, knowledge
):
    client.force_login(facilitator_fia)
    response = client.get(_url(live_session), {"finding": "no-such-finding"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    knowledge.status = EditorialStatus.DRAFT
    knowledge.save()
    response = client.post(_url(live_session), {"finding": knowledge.slug, "make_cloud": "on"})
    assert response.status_code == 404


def test_the_page_is_for_facilitators(client, participant_per, moderator_maja, live_session):
    assert client.get(_url(live_session)).status_code == 302
    for user in (participant_per, moderator_maja):
        client.force_login(user)
        assert client.get(_url(live_session)).status_code == 403
