"""Word cloud, Q&A and future workshop in a real browser: the phone's form for each kind,
the projector's cloud, and the facilitator's texts, future-workshop and from-finding pages;
every page axe-clean in both languages."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.browser.pages import covers
from tests.browser.test_accounts_pages import sign_in
from tests.factories import MeetingFactory, OrganisationFactory
from verkstad.knowledge.loader import content_load
from verkstad.workshops.live import services
from verkstad.workshops.live.models import (
    Activity,
    ActivityKind,
    Answer,
    Contribution,
    LiveSession,
)

PREFIXES = ["", "/en"]
CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture
def session(transactional_db, facilitator_fia):
    meeting = MeetingFactory(slug="stalstaden", organisers=[OrganisationFactory()])
    return services.session_start(meeting=meeting, user=facilitator_fia)


def _open(session, kind, **fields):
    activity = Activity.objects.create(
        session=session,
        position=session.activities.count() + 1,
        kind=kind,
        prompt_sv=fields.pop("prompt_sv", "Vad behöver orten?"),
        prompt_en=fields.pop("prompt_en", "What does the town need?"),
        **fields,
    )
    services.control(
        session=LiveSession.objects.get(pk=session.pk), action="show", activity=activity
    )
    services.control(session=LiveSession.objects.get(pk=session.pk), action="open")
    return activity


def _phone(session):
    phone = Client()
    assert phone.post(f"/delta/{session.code}/", {}).status_code == 302
    return phone


def _send(phone, session, activity, **data):
    data.setdefault("token", str(uuid.uuid4()))
    response = phone.post(f"/delta/{session.code}/svar/{activity.pk}/", data)
    assert response.status_code == 302, response.content[:300]


def _join_in_browser(visit, session, prefix):
    page = visit.page
    page.set_viewport_size({"width": 360, "height": 740})
    visit.open(f"{prefix}/delta/{session.code}/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/delta/{session.code}/")
    return page


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_phone_sends_words_and_the_projector_draws_the_cloud(
    visit, session, facilitator_fia, prefix
):
    cloud = _open(session, ActivityKind.WORDCLOUD)
    for word in ("kompetens", "kompetensen", "samarbete"):
        _send(_phone(session), session, cloud, text=word)
    page = _join_in_browser(visit, session, prefix)
    expect(page.locator("#live-activity input[name=text]")).to_be_visible()
    visit.assert_clean("word cloud phone")
    page.fill("#live-activity input[name=text]", "Kompetens")
    page.locator("#live-activity button[type=submit]").click()
    expect(page.locator("#live-activity [role=status]")).to_be_visible()
    expect(page.locator(".live-mine__list")).to_contain_text("Kompetens")
    visit.assert_clean("word sent")
    # Too long: the browser stops at 40 characters, the server says why if it gets more.
    assert page.locator("#live-activity input[name=text]").get_attribute("maxlength") == "40"

    services.control(session=LiveSession.objects.get(pk=session.pk), action="reveal")
    expect(page.locator("#live-results .live-cloud")).to_be_visible(timeout=10_000)
    visit.assert_clean("phone with the cloud")

    sign_in(visit, facilitator_fia)
    screen = page.context.new_page()
    screen.set_viewport_size({"width": 1280, "height": 800})
    screen.goto(f"{visit.base_url}{prefix}/traffar/live/{session.code}/visning/")
    biggest = screen.locator(".live-cloud__word--5")
    expect(biggest).to_contain_text("kompetens")
    screen.locator(".live-cloud__table summary").click()
    expect(screen.locator(".live-cloud__table td.num").first).to_have_text("3")
    visit.page = screen
    visit.assert_clean("projector with the cloud")


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_phone_asks_and_upvotes(visit, session, prefix):
    qa = _open(session, ActivityKind.QA)
    other = _phone(session)
    _send(other, session, qa, text="Vem betalar omskolningen?")
    page = _join_in_browser(visit, session, prefix)
    visit.assert_clean("Q&A phone")
    page.fill("#live-activity textarea[name=text]", "Hur påverkas gymnasiet?")
    page.locator("#live-activity form:has(textarea) button[type=submit]").click()
    expect(page.locator(".live-mine__list")).to_contain_text("Hur påverkas gymnasiet?")
    upvote = page.locator("#live-activity .live-upvote")
    expect(upvote).to_have_attribute("aria-pressed", "false")
    upvote.click()
    expect(page.locator("#live-activity .live-upvote")).to_have_attribute("aria-pressed", "true")
    assert Contribution.objects.get(text="Vem betalar omskolningen?").upvotes.count() == 1
    visit.assert_clean("question asked and upvoted")


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_phone_sends_ideas_then_spreads_dots(visit, session, facilitator_fia, prefix):
    client = Client()
    client.force_login(facilitator_fia)
    client.post(f"/traffar/live/{session.code}/framtidsverkstad/ny/", {"dots": "3"})
    critique = session.activities.get(config__phase="critique")
    services.control(
        session=LiveSession.objects.get(pk=session.pk), action="show", activity=critique
    )
    services.control(session=LiveSession.objects.get(pk=session.pk), action="open")
    for idea in ("Ingen tid för kurser", "Unga flyttar"):
        _send(_phone(session), session, critique, text=idea)
    page = _join_in_browser(visit, session, prefix)
    visit.assert_clean("future workshop phone, collecting")
    page.fill("#live-activity textarea[name=text]", "Skolan och bruket pratar inte")
    page.locator("#live-activity button[type=submit]").click()
    expect(page.locator(".live-mine__list")).to_contain_text("Skolan och bruket")

    ideas = {c.text: c.pk for c in Contribution.objects.filter(activity=critique)}
    data = {"action": "group", "idea": list(ideas.values())}
    data |= {
        f"group-{pk}": "Kompetens" if "kurser" in t or "Skolan" in t else ""
        for t, pk in ideas.items()
    }
    assert (
        client.post(f"/traffar/live/{session.code}/texter/{critique.pk}/", data).status_code == 302
    )
    client.post(
        f"/traffar/live/{session.code}/texter/{critique.pk}/",
        {"action": "step", "step": "vote", "dots": "3"},
    )
    # The step changed: the phone fetches its form again through the stream.
    expect(page.locator("#live-activity input[type=number]")).to_have_count(2, timeout=10_000)
    visit.assert_clean("future workshop phone, voting")
    page.locator("#live-activity input[type=number]").first.fill("2")
    page.locator("#live-activity button[type=submit]").click()
    expect(page.locator("#live-activity [role=status]")).to_be_visible()
    assert Answer.objects.get(activity=critique).value == {"Kompetens": 2}


@covers("workshops:live_texts", "workshops:live_future_create")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_facilitator_moderates_and_groups_texts(visit, session, facilitator_fia, prefix):
    cloud = _open(session, ActivityKind.WORDCLOUD)
    for word in ("ledarskap", "ledarskapet", "stress", "skitsnack"):
        _send(_phone(session), session, cloud, text=word)
    qa = _open(session, ActivityKind.QA, config={"moderation": "pre"})
    _send(_phone(session), session, qa, text="Vem betalar omskolningen?")
    sign_in(visit, facilitator_fia)

    page = visit.open(f"{prefix}/traffar/live/{session.code}/")
    page.locator(f"a[href='{prefix}/traffar/live/{session.code}/texter/{cloud.pk}/']").click()
    page.wait_for_url(f"**/texter/{cloud.pk}/")
    visit.assert_clean("word cloud texts")
    page.locator("button[value=hide]").first.click()
    page.wait_for_url(f"**/texter/{cloud.pk}/")
    expect(page.locator("button[value=show]")).to_have_count(1)
    visit.assert_clean("a word hidden")

    page = visit.open(f"{prefix}/traffar/live/{session.code}/texter/{qa.pk}/")
    page.locator("button[value=approve]").click()
    page.wait_for_url(f"**/texter/{qa.pk}/")
    expect(page.locator("button[value=answered]")).to_have_count(1)
    visit.assert_clean("Q&A moderation")
    page.locator("#mode-post").check()
    page.locator("button[value=moderation]").click()
    page.wait_for_url(f"**/texter/{qa.pk}/")

    page = visit.open(f"{prefix}/traffar/live/{session.code}/")
    page.locator(f"a[href='{prefix}/traffar/live/{session.code}/framtidsverkstad/ny/']").click()
    page.wait_for_url("**/framtidsverkstad/ny/")
    visit.assert_clean("future workshop form")
    page.fill("#id_dots", "0")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    visit.assert_clean("future workshop form with errors")
    page.fill("#id_topic_sv", "Kompetens i Stålstaden")
    page.fill("#id_dots", "3")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/traffar/live/{session.code}/")
    # Leave the control page (and its event stream) before writing from the test thread:
    # SQLite's shared in-memory database locks a table a stream is reading.
    visit.open(f"{prefix}/traffar/live/{session.code}/texter/{qa.pk}/")
    critique = session.activities.get(config__phase="critique")
    live = LiveSession.objects.get(pk=session.pk)
    services.control(session=live, action="show", activity=critique)
    services.control(session=LiveSession.objects.get(pk=session.pk), action="open")
    for idea in ("Ingen tid för kurser", "Unga flyttar", "Ingen vet vilka jobb som finns"):
        _send(_phone(session), session, critique, text=idea)
    page = visit.open(f"{prefix}/traffar/live/{session.code}/texter/{critique.pk}/")
    inputs = page.locator("input[name^=group-]")
    inputs.nth(0).fill("Kompetens")
    inputs.nth(2).fill("Kompetens")
    page.locator("button[value=group]").click()
    page.wait_for_url(f"**/texter/{critique.pk}/")
    visit.assert_clean("ideas grouped")
    page.locator("#step-vote").check()
    page.locator("button[value=step]").click()
    page.wait_for_url(f"**/texter/{critique.pk}/")
    critique.refresh_from_db()
    assert critique.config["step"] == "vote"
    visit.assert_clean("phase voting")


@covers("workshops:live_from_finding")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_facilitator_makes_activities_from_a_finding(visit, session, facilitator_fia, prefix):
    content_load(path=CONTENT)
    sign_in(visit, facilitator_fia)
    page = visit.open(f"{prefix}/traffar/live/{session.code}/")
    page.locator(f"a[href='{prefix}/traffar/live/{session.code}/fran-fynd/']").click()
    page.wait_for_url("**/fran-fynd/")
    visit.assert_clean("pick a finding")
    page.select_option("#id_finding", "karriarvagar-och-utbildning")
    page.locator("main form[method=get] button[type=submit]").click()
    page.wait_for_url("**/fran-fynd/?finding=karriarvagar-och-utbildning")
    expect(page.locator("#id_scale_sv")).to_have_value(
        "Hur väl stämmer detta på vår ort? ”Karriärvägar och utbildning ger delaktighet”"
    )
    visit.assert_clean("proposals")
    for box in page.locator("input[name=seeds]").all():
        box.uncheck()
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    visit.assert_clean("proposals with errors")
    page.locator("#id_make_choice").uncheck()
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/traffar/live/{session.code}/")
    kinds = list(session.activities.values_list("kind", "finding__slug"))
    assert kinds == [
        ("scale", "karriarvagar-och-utbildning"),
        ("wordcloud", "karriarvagar-och-utbildning"),
    ]
    visit.assert_clean("control page with the finding's activities")
