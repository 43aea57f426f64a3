"""Word cloud, Q&A and future workshop through the real views: phones send texts, the
facilitator moderates and groups them, the board adds them up."""

from __future__ import annotations

import uuid

import pytest
from django.utils import translation

from verkstad.workshops.live import board, services
from verkstad.workshops.live.kinds import kind_of
from verkstad.workshops.live.kinds_text import (
    AWAITING,
    WORDS_PER_PHONE,
    is_offensive,
    label_key,
    word_key,
)
from verkstad.workshops.live.models import (
    Activity,
    ActivityKind,
    Answer,
    Contribution,
    ContributionStatus,
    LiveSession,
    Upvote,
)

pytestmark = pytest.mark.django_db


def _activity(session, kind, **fields):
    activity = Activity.objects.create(
        session=session,
        position=session.activities.count() + 1,
        kind=kind,
        prompt_sv=fields.pop("prompt_sv", "Vad behöver orten?"),
        prompt_en=fields.pop("prompt_en", "What does the town need?"),
        **fields,
    )
    services.control(session=session, action="show", activity=activity)
    services.control(session=LiveSession.objects.get(pk=session.pk), action="open")
    activity.refresh_from_db()
    return activity


def _send(phone, session, activity, token=None, **data):
    data.setdefault("token", token or str(uuid.uuid4()))
    return phone.post(
        f"/en/delta/{session.code}/svar/{activity.pk}/", data, HTTP_X_REQUESTED_WITH="live"
    )


@pytest.fixture
def cloud(live_session):
    return _activity(live_session, ActivityKind.WORDCLOUD)


@pytest.fixture
def qa(live_session):
    return _activity(live_session, ActivityKind.QA)


# --- words ------------------------------------------------------------------------------


def test_inflections_count_as_one_word_and_stop_words_do_not():
    assert word_key("kompetensen") == word_key("kompetens") == word_key("Kompetenser")
    assert word_key("samarbete") == word_key("samarbetet")
    assert word_key("och") == ""
    assert word_key("i kommunen") == word_key("kommunen")


def test_the_offensive_list_catches_inflections_and_compounds_but_not_innocent_words():
    assert is_offensive("jävla skit")
    assert is_offensive("skitjobb")
    assert is_offensive("Idioter")
    assert is_offensive("fuck")
    assert not is_offensive("fantasi")
    assert not is_offensive("horisont")
    assert not is_offensive("kompetens")


# --- word cloud -------------------------------------------------------------------------


def test_the_word_cloud_groups_by_stem_and_shows_the_most_common_spelling(
    live_session, cloud, join
):
    phones = [join(live_session) for _ in range(5)]
    sent = ["kompetens", "kompetensen", "kompetens", "samarbete", "och"]
    for phone, word in zip(phones, sent, strict=True):
        response = _send(phone, live_session, cloud, text=word)
        assert response.status_code == (400 if word == "och" else 200)
    _send(phones[0], live_session, cloud, text="Samarbetet")
    results = kind_of(cloud).results(cloud)
    counts = {row.label: row.count for row in results.rows}
    assert counts == {"kompetens": 3, "samarbete": 2}
    assert results.answered == 4  # phones that sent a word that counts
    sizes = {row.label: row.extra["size"] for row in results.rows}
    assert sizes["kompetens"] == 5 and sizes["samarbete"] < 5
    with translation.override("en"):
        summary = kind_of(cloud).results(cloud).summary
    assert summary == "5 words shown in the cloud. Most common: kompetens (3), samarbete (2)."


def test_a_stop_word_alone_is_refused_with_a_message(live_session, cloud, join):
    response = _send(join(live_session), live_session, cloud, text="och")
    assert response.status_code == 400
    assert "too common a word" in response.content.decode()
    assert not Contribution.objects.exists()


def test_offensive_words_are_stored_hidden_and_never_shown(
    client, facilitator_fia, live_session, cloud, join
):
    phone = join(live_session)
    assert _send(phone, live_session, cloud, text="jävla skit").status_code == 200
    assert _send(phone, live_session, cloud, text="framtid").status_code == 200
    hidden = Contribution.objects.get(text="jävla skit")
    assert hidden.status == ContributionStatus.HIDDEN
    services.control(session=LiveSession.objects.get(pk=live_session.pk), action="reveal")
    payload = board.presenter_payload(live_session.pk, "en")
    assert "framtid" in payload["html"] and "jävla" not in payload["html"]
    client.force_login(facilitator_fia)
    page = client.get(f"/en/traffar/live/{live_session.code}/texter/{cloud.pk}/")
    assert page.status_code == 200
    assert "jävla" not in page.content.decode()
    assert "1 word was held back by the offensive-word filter" in page.content.decode()
    # Not even the facilitator can put it on the screen.
    response = client.post(
        f"/en/traffar/live/{live_session.code}/texter/{cloud.pk}/",
        {"action": "show", "key": hidden.normalised},
    )
    assert response.status_code == 400
    assert "offensive-word list" in response.content.decode()
    hidden.refresh_from_db()
    assert hidden.status == ContributionStatus.HIDDEN


def test_the_facilitator_hides_a_word_and_later_copies_stay_hidden(
    client, facilitator_fia, live_session, cloud, join
):
    phones = [join(live_session) for _ in range(3)]
    _send(phones[0], live_session, cloud, text="Stress")
    client.force_login(facilitator_fia)
    response = client.post(
        f"/traffar/live/{live_session.code}/texter/{cloud.pk}/",
        {"action": "hide", "key": word_key("Stress")},
    )
    assert response.status_code == 302
    _send(phones[1], live_session, cloud, text="stressen")
    _send(phones[2], live_session, cloud, text="ledarskap")
    assert [r.label for r in kind_of(cloud).results(cloud).rows] == ["ledarskap"]
    client.post(
        f"/traffar/live/{live_session.code}/texter/{cloud.pk}/",
        {"action": "show", "key": word_key("Stress")},
    )
    rows = {r.label: r.count for r in kind_of(cloud).results(cloud).rows}
    assert rows == {"Stress": 2, "ledarskap": 1}


def test_a_retried_word_with_the_same_token_is_stored_once(live_session, cloud, join):
    phone = join(live_session)
    token = str(uuid.uuid4())
    for _attempt in range(3):
        assert (
            _send(phone, live_session, cloud, token=token, text="digitalisering").status_code == 200
        )
    assert Contribution.objects.filter(activity=cloud).count() == 1
    _send(phone, live_session, cloud, text="digitalisering")  # a new submission: new token
    assert Contribution.objects.filter(activity=cloud).count() == 2


def test_each_render_of_the_phone_form_carries_a_fresh_token(live_session, cloud, join):
    phone = join(live_session)
    first = phone.get(f"/delta/{live_session.code}/fraga/").content.decode()
    second = phone.get(f"/delta/{live_session.code}/fraga/").content.decode()

    def token(html):
        return html.split('name="token" value="')[1].split('"')[0]

    assert token(first) != token(second)
    uuid.UUID(token(first))


def test_a_phone_sends_at_most_five_words_and_is_told(live_session, cloud, join):
    phone = join(live_session)
    words = ["ett", "stål", "skola", "jobb", "framtid", "kommun", "facket"][1:]
    statuses = [_send(phone, live_session, cloud, text=w).status_code for w in words]
    assert statuses == [200] * WORDS_PER_PHONE + [400]
    assert Contribution.objects.filter(activity=cloud).count() == WORDS_PER_PHONE
    response = phone.get(f"/en/delta/{live_session.code}/fraga/")
    assert 'name="text"' not in response.content.decode()
    assert "the most for this question" in response.content.decode()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Write a word or a few words."),
        ("   ", "Write a word or a few words."),
        ("x" * 41, "At most 40 characters"),
        ("en två tre fyra", "At most 3 words"),
        ("!!!", "Write a word with letters or digits."),
    ],
)
def test_bad_words_are_form_errors_not_500s(live_session, cloud, join, text, message):
    response = _send(join(live_session), live_session, cloud, text=text)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Contribution.objects.exists()


def test_a_missing_token_asks_for_a_reload(live_session, cloud, join):
    phone = join(live_session)
    response = phone.post(
        f"/en/delta/{live_session.code}/svar/{cloud.pk}/",
        {"text": "stål"},
        HTTP_X_REQUESTED_WITH="live",
    )
    assert response.status_code == 400
    assert "Reload the page" in response.content.decode()


def test_a_closed_word_cloud_refuses_with_409(live_session, cloud, join):
    phone = join(live_session)
    services.control(session=LiveSession.objects.get(pk=live_session.pk), action="close")
    response = _send(phone, live_session, cloud, text="stål")
    assert response.status_code == 409
    assert "This question is closed" in response.content.decode()
    assert not Contribution.objects.exists()


def test_the_phone_sees_its_own_words(live_session, cloud, join):
    phone = join(live_session)
    _send(phone, live_session, cloud, text="ledarskap")
    _send(phone, live_session, cloud, text="skit")
    html = phone.get(f"/en/delta/{live_session.code}/fraga/").content.decode()
    assert "ledarskap" in html
    assert "not shown" in html  # its own filtered word, marked as never shown


# --- Q&A --------------------------------------------------------------------------------


def test_questions_are_upvoted_once_per_phone_and_shown_by_upvotes(live_session, qa, join):
    asker, *voters = [join(live_session) for _ in range(4)]
    _send(asker, live_session, qa, text="Vem betalar omskolningen?")
    _send(voters[0], live_session, qa, text="Hur påverkas gymnasiet?")
    first, second = Contribution.objects.filter(activity=qa).order_by("pk")
    for phone in voters[1:]:
        for _repeat in range(2):  # a retried upvote is still one
            assert _send(phone, live_session, qa, upvote=first.pk, vote=1).status_code == 200
    _send(voters[0], live_session, qa, upvote=first.pk, vote=1)
    _send(asker, live_session, qa, upvote=second.pk, vote=1)
    assert Upvote.objects.filter(contribution=first).count() == 3
    # Taking an upvote back.
    _send(voters[2], live_session, qa, upvote=first.pk, vote=0)
    assert Upvote.objects.filter(contribution=first).count() == 2
    results = kind_of(qa).results(qa)
    assert [(r.label, r.count) for r in results.rows] == [
        ("Vem betalar omskolningen?", 2),
        ("Hur påverkas gymnasiet?", 1),
    ]
    # One's own question cannot be upvoted.
    response = _send(asker, live_session, qa, upvote=first.pk, vote=1)
    assert response.status_code == 400
    assert "your own question" in response.content.decode()


def test_an_upvote_for_a_missing_question_is_a_message(live_session, qa, join):
    response = _send(join(live_session), live_session, qa, upvote="nope", vote=1)
    assert response.status_code == 400
    assert "no longer open for upvotes" in response.content.decode()


def test_premoderated_questions_wait_until_approved(
    client, facilitator_fia, live_session, qa, join
):
    client.force_login(facilitator_fia)
    url = f"/en/traffar/live/{live_session.code}/texter/{qa.pk}/"
    assert client.post(url, {"action": "moderation", "mode": "pre"}).status_code == 302
    phone, other = join(live_session), join(live_session)
    _send(phone, live_session, qa, text="Varför stänger verkstaden?")
    question = Contribution.objects.get(activity=qa)
    assert (question.status, question.cluster) == (ContributionStatus.HIDDEN, AWAITING)
    assert kind_of(qa).results(qa).rows == []
    assert "Varför stänger" not in other.get(f"/delta/{live_session.code}/fraga/").content.decode()
    page = client.get(url).content.decode()
    assert "Waiting for review" in page and "Varför stänger verkstaden?" in page
    client.post(url, {"action": "approve", "contribution": question.pk})
    assert [r.label for r in kind_of(qa).results(qa).rows] == ["Varför stänger verkstaden?"]
    assert "Varför stänger" in other.get(f"/delta/{live_session.code}/fraga/").content.decode()
    client.post(url, {"action": "answered", "contribution": question.pk})
    assert kind_of(qa).results(qa).rows[0].extra["answered"]
    client.post(url, {"action": "hide", "contribution": question.pk})
    assert kind_of(qa).results(qa).rows == []


def test_post_moderation_shows_at_once_and_hiding_takes_it_off_the_screen(
    client, moderator_maja, live_session, qa, join
):
    _send(join(live_session), live_session, qa, text="Vad gör kommunen?")
    question = Contribution.objects.get(activity=qa)
    assert question.status == ContributionStatus.VISIBLE
    services.control(session=LiveSession.objects.get(pk=live_session.pk), action="reveal")
    assert "Vad gör kommunen?" in board.presenter_payload(live_session.pk, "sv")["html"]
    # A moderator may hide questions, but not change how the activity is moderated.
    client.force_login(moderator_maja)
    url = f"/traffar/live/{live_session.code}/texter/{qa.pk}/"
    assert client.post(url, {"action": "hide", "contribution": question.pk}).status_code == 302
    assert "Vad gör kommunen?" not in board.presenter_payload(live_session.pk, "sv")["html"]
    assert client.post(url, {"action": "moderation", "mode": "pre"}).status_code == 403


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Write your question."), ("x" * 281, "At most 280 characters, please; this was 281.")],
)
def test_bad_questions_are_form_errors(live_session, qa, join, text, message):
    response = _send(join(live_session), live_session, qa, text=text)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_retried_question_is_stored_once(live_session, qa, join):
    phone = join(live_session)
    token = str(uuid.uuid4())
    _send(phone, live_session, qa, token=token, text="Hur ser planen ut?")
    _send(phone, live_session, qa, token=token, text="Hur ser planen ut?")
    assert Contribution.objects.filter(activity=qa).count() == 1


def test_the_texts_page_is_for_facilitators_and_moderators(
    client, participant_per, live_session, qa
):
    url = f"/traffar/live/{live_session.code}/texter/{qa.pk}/"
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(participant_per)
    assert client.get(url).status_code == 403


def test_the_texts_page_is_only_for_text_activities(client, facilitator_fia, live_session, poll):
    client.force_login(facilitator_fia)
    assert client.get(f"/traffar/live/{live_session.code}/texter/{poll.pk}/").status_code == 404


# --- future workshop --------------------------------------------------------------------


def test_a_future_workshop_collects_groups_and_votes(client, facilitator_fia, live_session, join):
    client.force_login(facilitator_fia)
    base = f"/en/traffar/live/{live_session.code}"
    response = client.post(f"{base}/framtidsverkstad/ny/", {"topic_sv": "", "dots": "3"})
    assert response.status_code == 302
    phases = list(live_session.activities.filter(kind=ActivityKind.FUTURE))
    assert [a.config["phase"] for a in phases] == ["critique", "vision", "realisation"]
    assert all(a.config["step"] == "collect" for a in phases)
    critique = phases[0]
    services.control(session=live_session, action="show", activity=critique)
    services.control(session=LiveSession.objects.get(pk=live_session.pk), action="open")

    phones = [join(live_session) for _ in range(5)]
    ideas = [
        "För lite utbildning på arbetstid",
        "Ingen tid för kurser",
        "Unga flyttar från orten",
        "Skolan och bruket pratar inte med varandra",
        "Ingen vet vilka jobb som finns om tio år",
    ]
    for phone, idea in zip(phones, ideas, strict=True):
        assert _send(phone, live_session, critique, text=idea).status_code == 200
    collected = kind_of(critique).results(critique)
    assert (collected.answered, collected.extra["ideas"], len(collected.rows)) == (5, 5, 5)

    # Voting needs groups: one idea alone is not a choice.
    pk = {c.text: c.pk for c in Contribution.objects.filter(activity=critique)}
    url = f"{base}/texter/{critique.pk}/"
    group = {"action": "group", "idea": list(pk.values())}
    group |= {f"group-{n}": "" for n in pk.values()}
    group[f"group-{pk[ideas[0]]}"] = "Kompetens"
    group[f"group-{pk[ideas[1]]}"] = "Kompetens"
    group[f"group-{pk[ideas[2]]}"] = "Orten"
    group[f"group-{pk[ideas[3]]}"] = "Samverkan"
    group[f"hide-{pk[ideas[4]]}"] = "1"
    assert client.post(url, group).status_code == 302
    page = client.get(url).content.decode()
    assert "Kompetens" in page
    assert client.post(url, {"action": "step", "step": "vote", "dots": "3"}).status_code == 302
    critique.refresh_from_db()
    assert critique.config["step"] == "vote"

    votes = [
        {"Kompetens": 3},
        {"Kompetens": 2, "Orten": 1},
        {"Orten": 1, "Samverkan": 2},
        {"Kompetens": 1},
        {"Samverkan": 3},
    ]
    for phone, vote in zip(phones, votes, strict=True):
        data = {f"dots-{label_key(label)}": n for label, n in vote.items()}
        assert _send(phone, live_session, critique, **data).status_code == 200
    # Too many dots is a message, and the earlier vote stays.
    response = _send(phones[0], live_session, critique, **{f"dots-{label_key('Orten')}": 4})
    assert response.status_code == 400
    assert "You have 3 dots; you placed 4." in response.content.decode()
    results = kind_of(critique).results(critique)
    assert [(r.label, r.count) for r in results.rows] == [
        ("Kompetens", 6),
        ("Samverkan", 5),
        ("Orten", 2),
    ]
    assert results.answered == 5
    assert [i.text for i in results.rows[0].extra["ideas"]] == ideas[:2]

    # Merging moves the ideas and the dots.
    assert (
        client.post(url, {"action": "merge", "source": "Orten", "target": "Samverkan"}).status_code
        == 302
    )
    results = kind_of(critique).results(critique)
    assert [(r.label, r.count) for r in results.rows] == [("Samverkan", 7), ("Kompetens", 6)]
    third = Answer.objects.get(activity=critique, participant__number=3)
    assert third.value == {"Samverkan": 3}


def test_a_future_phase_without_a_phase_cannot_open(live_session):
    activity = Activity.objects.create(
        session=live_session, kind=ActivityKind.FUTURE, prompt_sv="Kritik", config={}
    )
    with translation.override("en"):
        with pytest.raises(services.Refused, match="Add a future workshop"):
            services.control(session=live_session, action="open", activity=activity)


def test_voting_needs_two_groups(client, facilitator_fia, live_session, join):
    client.force_login(facilitator_fia)
    client.post(f"/traffar/live/{live_session.code}/framtidsverkstad/ny/", {"dots": "3"})
    critique = live_session.activities.first()
    response = client.post(
        f"/en/traffar/live/{live_session.code}/texter/{critique.pk}/",
        {"action": "step", "step": "vote", "dots": "3"},
    )
    assert response.status_code == 400
    assert "at least two groups" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "step", "step": "vote", "dots": "x"}, "whole number from 1 to 10"),
        ({"action": "step", "step": "vote", "dots": "99"}, "whole number from 1 to 10"),
        ({"action": "step", "step": "nope"}, "Unknown step."),
        ({"action": "merge", "source": "a", "target": "b"}, "Choose two different groups."),
        ({"action": "group"}, "There are no ideas to group yet."),
        ({"action": "approve", "contribution": "x"}, "no longer here"),
        ({"action": "explode"}, "Unknown action."),
    ],
)
def test_bad_facilitator_input_is_a_message_not_a_500(
    client, facilitator_fia, live_session, data, message
):
    client.force_login(facilitator_fia)
    client.post(f"/traffar/live/{live_session.code}/framtidsverkstad/ny/", {"dots": "3"})
    critique = live_session.activities.first()
    response = client.post(f"/en/traffar/live/{live_session.code}/texter/{critique.pk}/", data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_future_workshop_form_refuses_bad_dots(client, facilitator_fia, live_session):
    client.force_login(facilitator_fia)
    response = client.post(
        f"/en/traffar/live/{live_session.code}/framtidsverkstad/ny/",
        {"dots": "0", "topic_sv": "x" * 200},
    )
    assert response.status_code == 400
    assert not live_session.activities.exists()


# --- the session report -----------------------------------------------------------------


def test_the_report_lists_every_shown_text_and_none_hidden(
    client, facilitator_fia, live_session, join
):
    cloud = _activity(live_session, ActivityKind.WORDCLOUD)
    phones = [join(live_session) for _ in range(3)]
    for phone, word in zip(phones, ["stål", "stålet", "jävla"], strict=True):
        _send(phone, live_session, cloud, text=word)
    qa = _activity(live_session, ActivityKind.QA)
    _send(phones[0], live_session, qa, text="Vem bär ansvaret?")
    client.force_login(facilitator_fia)
    base = f"/en/traffar/live/{live_session.code}"
    client.post(f"{base}/framtidsverkstad/ny/", {"dots": "3"})
    critique = live_session.activities.get(config__phase="critique")
    services.control(
        session=LiveSession.objects.get(pk=live_session.pk), action="show", activity=critique
    )
    services.control(session=LiveSession.objects.get(pk=live_session.pk), action="open")
    _send(phones[1], live_session, critique, text="Ingen tid för kurser")
    html = client.get(f"{base}/rapport/").content.decode()
    assert "stål" in html and "Vem bär ansvaret?" in html and "Ingen tid för kurser" in html
    assert "jävla" not in html
    csv = client.get(f"{base}/rapport.csv").content.decode()
    assert "Vem bär ansvaret?" in csv and "jävla" not in csv


def test_the_general_form_makes_word_clouds_and_qa_but_points_future_phases_elsewhere(
    client, facilitator_fia, live_session
):
    client.force_login(facilitator_fia)
    url = f"/en/traffar/live/{live_session.code}/aktivitet/ny/"
    for kind in ("wordcloud", "qa"):
        response = client.post(url, {"kind": kind, "prompt_sv": "Vad behövs?", "prompt_en": ""})
        assert response.status_code == 302, response.content[:500]
    response = client.post(url, {"kind": "future", "prompt_sv": "Kritik", "prompt_en": ""})
    assert response.status_code == 400
    assert "Add a future workshop" in response.content.decode()
    assert sorted(live_session.activities.values_list("kind", flat=True)) == ["qa", "wordcloud"]
