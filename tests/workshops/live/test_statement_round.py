"""The statement round: phones vote on a conversation's statements through the dialogue app."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.factories import ConversationFactory, StatementFactory
from verkstad.dialogue.models import (
    Conversation,
    CurrentVote,
    Participant,
    Statement,
    StatementStatus,
    Vote,
)
from verkstad.knowledge.models import BigQuestion, SeedStatement
from verkstad.workshops.live import board, services
from verkstad.workshops.live.kinds import KINDS, kind_of
from verkstad.workshops.live.kinds_dialogue import LIVE_CONSENT_VERSION
from verkstad.workshops.live.models import Activity, ActivityKind, LiveParticipant

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation():
    conversation = ConversationFactory()
    for n, text in enumerate(
        (
            "Kommunen ska planera för de nya yrkena redan nu.",
            "Bruket har ett ansvar för orten när jobben förändras.",
            "Skolan borde samarbeta mer med industrin.",
        )
    ):
        StatementFactory(conversation=conversation, number=n, text=text)
    StatementFactory(conversation=conversation, number=3, text="Väntar på moderator.",
                     status=StatementStatus.PENDING)  # fmt: skip
    return conversation


@pytest.fixture
def round_(live_session, conversation):
    activity = Activity.objects.create(
        session=live_session,
        position=1,
        kind=ActivityKind.STATEMENTS,
        prompt_sv="Vad tycker du?",
        prompt_en="What do you think?",
        conversation=conversation,
    )
    services.control(session=live_session, action="show", activity=activity)
    services.control(session=live_session, action="open")
    activity.refresh_from_db()
    return activity


def _statement(conversation: Conversation, number: int) -> Statement:
    return conversation.statements.get(number=number)


def _vote(phone, session, activity, statement, vote, **headers):
    return phone.post(
        f"/en/delta/{session.code}/svar/{activity.pk}/",
        {"statement": statement.pk, "vote": vote},
        **headers,
    )


def test_the_kind_is_registered():
    assert kind_of(Activity(kind=ActivityKind.STATEMENTS)) is KINDS["statements"]


def test_a_phone_votes_in_the_conversation_once_per_statement(
    live_session, round_, conversation, join
):
    phone = join(live_session)
    first = _statement(conversation, 0)
    response = _vote(phone, live_session, round_, first, "agree", HTTP_X_REQUESTED_WITH="live")
    assert response.status_code == 200
    # A retry after a blink (the same vote again) is counted once.
    _vote(phone, live_session, round_, first, "agree", HTTP_X_REQUESTED_WITH="live")
    assert Vote.objects.filter(statement=first).count() == 1
    assert CurrentVote.objects.get(statement=first).value == 1
    # The phone's dialogue participant is linked and lives in the conversation.
    live = LiveParticipant.objects.get(session=live_session)
    dialogue = live.dialogue_participants.get()
    assert dialogue.conversation == conversation
    assert not dialogue.actor_type
    # Changing the vote replaces it (history keeps both).
    _vote(phone, live_session, round_, first, "disagree")
    assert CurrentVote.objects.get(statement=first).value == -1
    assert Vote.objects.filter(statement=first).count() == 2
    # The map is asked for by cast_vote: the conversation is marked stale.
    conversation.refresh_from_db()
    assert conversation.map_stale_since is not None


def test_the_phone_shows_one_statement_then_thanks(live_session, round_, conversation, join):
    phone = join(live_session)
    page = phone.get(f"/en/delta/{live_session.code}/fraga/").content.decode()
    assert "You have taken a stand on 0 of 3 statements." in page
    assert "Väntar på moderator." not in page
    for number in range(3):
        _vote(phone, live_session, round_, _statement(conversation, number), "pass")
    page = phone.get(f"/en/delta/{live_session.code}/fraga/").content.decode()
    assert "You have taken a stand on every statement." in page
    assert "Your votes on 3 statements" in page
    assert page.count('name="vote"') == 6  # two "change to" buttons per statement


def test_bad_votes_get_a_message_not_an_error(live_session, round_, conversation, join):
    phone = join(live_session)
    other = StatementFactory(conversation=ConversationFactory(), number=0)
    pending = _statement(conversation, 3)
    cases = [
        ({"statement": _statement(conversation, 0).pk, "vote": "maybe"}, "Choose agree"),
        ({"statement": "x", "vote": "agree"}, "not part of this round"),
        ({"statement": other.pk, "vote": "agree"}, "not part of this round"),
        ({"statement": pending.pk, "vote": "agree"}, "not open for votes"),
    ]
    for data, message in cases:
        response = phone.post(
            f"/en/delta/{live_session.code}/svar/{round_.pk}/", data, HTTP_X_REQUESTED_WITH="live"
        )
        assert response.status_code == 400, data
        assert message in response.content.decode(), data
    assert not Vote.objects.exists()


def test_a_closed_conversation_refuses_with_a_message(live_session, round_, conversation, join):
    phone = join(live_session)
    Conversation.objects.filter(pk=conversation.pk).update(is_open=False)
    response = _vote(
        phone, live_session, round_, _statement(conversation, 0), "agree",
        HTTP_X_REQUESTED_WITH="live",
    )  # fmt: skip
    assert response.status_code == 400
    assert "closed" in response.content.decode()
    round_.refresh_from_db()
    with translation.override("en"):
        assert kind_of(round_).setup_errors(round_)


def test_the_role_passes_over_only_with_consent(live_session, round_, conversation, join):
    declared = join(live_session, actor_type="kommun", consent="on")
    silent = join(live_session)
    for phone in (declared, silent):
        _vote(phone, live_session, round_, _statement(conversation, 1), "agree")
    roles = dict(
        LiveParticipant.objects.filter(session=live_session).values_list(
            "actor_type", "dialogue_participants__actor_type"
        )
    )
    assert roles == {"kommun": "kommun", "": ""}
    dialogue = Participant.objects.get(actor_type="kommun")
    assert dialogue.consent_version == LIVE_CONSENT_VERSION
    assert dialogue.declared_at is not None


def test_the_board_counts_the_room(live_session, round_, conversation, join):
    votes = ["agree", "agree", "agree", "disagree", "pass"]
    for vote in votes:
        phone = join(live_session)
        _vote(phone, live_session, round_, _statement(conversation, 0), vote)
    # Someone voting online in the same conversation is not part of the room.
    outsider = Participant.objects.create(conversation=conversation, number=99)
    CurrentVote.objects.create(
        participant=outsider, statement=_statement(conversation, 0), conversation=conversation,
        value=1,
    )  # fmt: skip
    results = kind_of(round_).results(round_)
    assert results.answered == 5
    first = results.rows[0]
    assert (first.extra["agree"], first.extra["disagree"], first.extra["pass"]) == (3, 1, 1)
    assert first.count == 5 and first.share == 60.0
    assert [r.count for r in results.rows] == [5, 0, 0]
    services.control(session=live_session, action="reveal", activity=round_)
    with translation.override("en"):
        payload = board.presenter_payload(live_session.pk, "en")
        summary = kind_of(round_).results(round_).summary
    assert "5 people voted on 3 statements." in summary
    assert "Most agreement: “Kommunen ska planera för de nya yrkena redan nu.” (3 of 5" in summary
    assert "<table" in payload["html"] and "Kommunen ska planera" in payload["html"]
    assert payload["answered"] == 5


def test_leaving_erases_the_dialogue_participant_and_votes(
    live_session, round_, conversation, join
):
    phone = join(live_session)
    stays = join(live_session)
    for p in (phone, stays):
        _vote(p, live_session, round_, _statement(conversation, 0), "agree")
    assert Participant.objects.filter(conversation=conversation).count() == 2
    response = phone.post(f"/delta/{live_session.code}/lamna/")
    assert response.status_code == 302
    assert LiveParticipant.objects.filter(session=live_session).count() == 1
    assert Participant.objects.filter(conversation=conversation).count() == 1
    assert CurrentVote.objects.filter(conversation=conversation).count() == 1
    assert Vote.objects.filter(statement__conversation=conversation).count() == 1


def test_deleting_the_session_keeps_the_conversations_votes(
    live_session, round_, conversation, join
):
    _vote(join(live_session), live_session, round_, _statement(conversation, 0), "agree")
    live_session.delete()
    assert Participant.objects.filter(conversation=conversation).count() == 1
    assert CurrentVote.objects.filter(conversation=conversation).count() == 1


def test_a_round_without_a_conversation_cannot_open_and_phones_wait(live_session, join):
    activity = Activity.objects.create(
        session=live_session, position=1, kind=ActivityKind.STATEMENTS, prompt_sv="Påståenden"
    )
    services.control(session=live_session, action="show", activity=activity)
    with translation.override("en"), pytest.raises(services.Refused, match="conversation"):
        services.control(session=live_session, action="open")
    # Opened behind the form's back (an old row), phones still only wait.
    Activity.objects.filter(pk=activity.pk).update(state="open")
    phone = join(live_session)
    page = phone.get(f"/en/delta/{live_session.code}/fraga/").content.decode()
    assert "the statements appear here soon" in page
    response = phone.post(
        f"/en/delta/{live_session.code}/svar/{activity.pk}/",
        {"statement": "1", "vote": "agree"},
        HTTP_X_REQUESTED_WITH="live",
    )
    assert response.status_code == 400
    activity.refresh_from_db()
    with translation.override("en"):
        assert kind_of(activity).results(activity).summary.startswith("No conversation")


# --- the facilitator's set-up page ----------------------------------------------------------


def test_the_facilitator_adds_a_round_from_an_open_conversation(
    client, facilitator_fia, live_session, conversation
):
    client.force_login(facilitator_fia)
    url = f"/en/traffar/live/{live_session.code}/aktivitet/pastaenden/"
    page = client.get(url)
    assert page.status_code == 200
    assert conversation.topic_en in page.content.decode()
    response = client.post(url, {"source": "existing", "conversation": conversation.pk,
                                 "language": "sv"})  # fmt: skip
    assert response.status_code == 302
    activity = live_session.activities.get()
    assert activity.kind == "statements" and activity.conversation == conversation
    assert activity.prompt_sv == conversation.topic_sv


def test_the_facilitator_starts_a_conversation_from_a_big_question(
    client, facilitator_fia, live_session
):
    question = BigQuestion.objects.create(
        slug="vilka-jobb", number=91, title_sv="Vilka jobb försvinner?",
        title_en="Which jobs disappear?",
    )  # fmt: skip
    SeedStatement.objects.create(
        question=question, position=1, text_sv="Operatörsjobben blir färre.",
        text_en="Operator jobs become fewer.",
    )  # fmt: skip
    activity = Activity.objects.create(
        session=live_session, position=1, kind=ActivityKind.STATEMENTS, prompt_sv="Påståenden"
    )
    client.force_login(facilitator_fia)
    url = f"/en/traffar/live/{live_session.code}/aktivitet/{activity.pk}/pastaenden/"
    data = {
        "source": "question",
        "question": question.pk,
        "language": "sv",
        "extra_statements": "Fler borde utbilda sig inom underhåll.",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    activity.refresh_from_db()
    conversation = activity.conversation
    assert conversation.question == question and conversation.is_open
    assert sorted(conversation.statements.values_list("text", flat=True)) == [
        "Fler borde utbilda sig inom underhåll.",
        "Operatörsjobben blir färre.",
    ]
    assert activity.prompt_sv == "Påståenden"


def test_conversations_only_for_signed_in_people_are_not_offered(live_session, conversation):
    from verkstad.workshops.live.kinds_dialogue import open_conversations

    assert conversation in open_conversations()
    Conversation.objects.filter(pk=conversation.pk).update(access="signed_in")
    assert conversation not in open_conversations()
    empty = ConversationFactory()
    assert empty not in open_conversations()


def test_the_set_up_form_explains_what_is_missing(client, facilitator_fia, live_session):
    client.force_login(facilitator_fia)
    url = f"/en/traffar/live/{live_session.code}/aktivitet/pastaenden/"
    for data, message in [
        ({"source": "existing", "language": "sv"}, "Choose an open conversation."),
        ({"source": "question", "language": "sv"}, "Choose a big question."),
        ({"source": "finding", "language": "sv"}, "Choose a finding."),
        ({"source": "bogus", "language": "xx", "conversation": "abc"}, "Select a valid choice"),
        ({"source": "question", "language": "sv", "extra_statements": "kort"}, "Line 1"),
    ]:
        response = client.post(url, data)
        assert response.status_code == 400, data
        assert message in response.content.decode(), data
    assert not live_session.activities.exists()


def test_the_set_up_page_is_for_facilitators(client, participant_per, live_session):
    url = f"/traffar/live/{live_session.code}/aktivitet/pastaenden/"
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(participant_per)
    assert client.get(url).status_code == 403


def test_reset_takes_the_rooms_votes_out_of_the_conversation(
    live_session, round_, conversation, join
):
    outside = Participant.objects.create(conversation=conversation, number=99)
    first = _statement(conversation, 0)
    CurrentVote.objects.create(
        conversation=conversation, participant=outside, statement=first, value=1
    )
    for _ in range(2):
        _vote(join(live_session), live_session, round_, first, "disagree")
    assert CurrentVote.objects.filter(conversation=conversation).count() == 3
    services.control(session=live_session, action="reset", activity=round_)
    # Only the people outside the room keep their votes.
    assert list(CurrentVote.objects.filter(conversation=conversation)) == [
        CurrentVote.objects.get(participant=outside)
    ]
    assert not Vote.objects.filter(participant__live_participants__session=live_session).exists()
    round_.refresh_from_db()
    assert kind_of(round_).results(round_).answered == 0


def test_a_vote_and_the_next_statement_take_few_queries(
    live_session, round_, conversation, join, django_assert_max_num_queries
):
    """A room votes at once: the vote reuses the shown activity and the phone's dialogue
    participant for the page it answers with, instead of asking for them again."""
    phone = join(live_session)
    _vote(phone, live_session, round_, _statement(conversation, 0), "agree")
    second = _statement(conversation, 1)
    with django_assert_max_num_queries(13):
        response = _vote(phone, live_session, round_, second, "pass", HTTP_X_REQUESTED_WITH="live")
    assert response.status_code == 200
    assert CurrentVote.objects.filter(statement=second).count() == 1
