"""Live sessions in a real browser: a phone joins and answers, the projector and the
facilitator's page follow through the event stream; every page axe-clean in both languages."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.browser.pages import covers
from tests.browser.test_accounts_pages import sign_in
from tests.factories import MeetingFactory, OrganisationFactory
from verkstad.workshops.live import services
from verkstad.workshops.live.models import Activity, ActivityKind, Answer, LiveSession

PREFIXES = ["", "/en"]
OPTIONS = [
    {"key": "o1", "sv": "Kommunen", "en": "The municipality"},
    {"key": "o2", "sv": "Facket", "en": "The union"},
]


@pytest.fixture
def meeting(transactional_db):
    return MeetingFactory(slug="stalstaden", organisers=[OrganisationFactory()])


@pytest.fixture
def session(meeting, facilitator_fia):
    session = services.session_start(meeting=meeting, user=facilitator_fia)
    Activity.objects.create(
        session=session,
        position=1,
        kind=ActivityKind.POLL,
        prompt_sv="Vem bär ansvaret för kompetensen?",
        prompt_en="Who is responsible for skills?",
        options=OPTIONS,
    )
    return session


@covers(
    "live_join:join",
    "live_join:join_code",
    "live_join:phone_activity",
    "live_join:phone_stream",
    "live_join:answer",
)
@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_phone_joins_follows_the_room_and_answers(visit, session, prefix):
    page = visit.page
    page.set_viewport_size({"width": 360, "height": 740})
    visit.open(f"{prefix}/delta/")
    page.fill("#id_code", session.code.lower())
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/delta/{session.code}/")
    visit.assert_clean("join page")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/delta/{session.code}/")
    expect(page.locator("#live-activity h1")).to_be_visible()
    visit.assert_clean("waiting phone")

    # The facilitator moves on: the question comes in the stream itself, no reload and no
    # request of the phone's own.
    fetched = []
    page.on(
        "request", lambda request: fetched.append(request.url) if "/fraga/" in request.url else None
    )
    poll = session.activities.get()
    services.control(session=session, action="show", activity=poll)
    services.control(session=LiveSession.objects.get(pk=session.pk), action="open")
    prompt = "Who is responsible for skills?" if prefix else "Vem bär ansvaret för kompetensen?"
    expect(page.locator("#live-activity h1")).to_have_text(prompt, timeout=10_000)
    visit.assert_clean("phone with a question")
    assert fetched == []

    page.locator("#live-activity label").first.click()
    page.locator("#live-activity button[type=submit]").click()
    expect(page.locator("#live-activity [role=status]")).to_be_visible()
    assert Answer.objects.get(activity=poll).value == ["o1"]
    visit.assert_clean("answer saved")
    # Keyboard: the saved message has focus, so a screen reader announces it.
    assert page.evaluate("document.activeElement.getAttribute('role')") == "status"

    # The results are revealed: an answered phone fetches its own page, which keeps its
    # answer, rather than the question shown to phones that have not answered.
    services.control(session=LiveSession.objects.get(pk=session.pk), action="reveal")
    expect(page.locator("#live-results")).to_be_visible(timeout=10_000)
    expect(page.locator("#live-activity input[value=o1]")).to_be_checked()
    assert fetched
    visit.assert_clean("answered phone with the results")


@covers("live_join:phone_state", "live_join:leave")
def test_the_polling_fallback_and_leaving(visit, session):
    page = visit.page
    visit.open(f"/en/delta/{session.code}/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/en/delta/{session.code}/")
    state = page.request.get(f"{visit.base_url}/en/delta/{session.code}/lage/")
    assert state.status == 200 and "token" in json.loads(state.text())
    page.locator(".live-leave summary").click()
    page.locator(".live-leave button[type=submit]").click()
    page.wait_for_url("**/en/delta/")
    visit.assert_clean("after leaving")
    assert not session.participants.exists()


def test_a_wrong_code_gets_a_friendly_page(visit, session):
    visit.open("/en/delta/QQQQQQ/", status=404)
    expect(visit.page.locator("main h1")).to_have_text("No session with this code")


@covers(
    "workshops:live_start",
    "workshops:live_control",
    "workshops:live_action",
    "workshops:live_activity_create",
    "workshops:live_activity_edit",
)
@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_facilitator_runs_a_session(visit, meeting, facilitator_fia, prefix):
    sign_in(visit, facilitator_fia)
    page = visit.open(f"{prefix}/traffar/stalstaden/")
    page.locator("form[action$='/live/starta/'] button").click()
    page.wait_for_url(f"**{prefix}/traffar/live/*/")
    session = LiveSession.objects.get(meeting=meeting)
    visit.assert_clean("control page, empty")

    page.locator(f"a[href='{prefix}/traffar/live/{session.code}/aktivitet/ny/']").click()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    visit.assert_clean("activity form with errors")
    page.select_option("#id_kind", "scale")
    page.fill("#id_prompt_sv", "Hur väl känner ni till omställningen?")
    page.fill("#id_prompt_en", "How well do you know the transition?")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/traffar/live/{session.code}/")
    activity = session.activities.get()
    page.locator(f"a[href='{prefix}/traffar/live/{session.code}/aktivitet/{activity.pk}/']").click()
    visit.assert_clean("activity edit form")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/traffar/live/{session.code}/")

    page.locator("button[value=next]").first.click()
    page.wait_for_url(f"**{prefix}/traffar/live/{session.code}/")
    page.locator("button[value=open]").click()
    page.wait_for_url(f"**{prefix}/traffar/live/{session.code}/")
    activity.refresh_from_db()
    assert activity.state == "open"
    visit.assert_clean("control page, question open")


@covers(
    "workshops:live_presenter",
    "workshops:live_presenter_stream",
    "workshops:live_control_stream",
    "workshops:live_qr",
)
@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_projector_follows_the_answers(visit, session, facilitator_fia, join_phone, prefix):
    poll = session.activities.get()
    services.control(session=session, action="show", activity=poll)
    services.control(session=LiveSession.objects.get(pk=session.pk), action="open")
    sign_in(visit, facilitator_fia)
    page = visit.open(f"{prefix}/traffar/live/{session.code}/visning/")
    expect(page.locator(".live-code")).to_have_text(session.code)
    qr = page.request.get(f"{visit.base_url}{prefix}/traffar/live/{session.code}/qr.svg")
    assert qr.status == 200 and qr.headers["content-type"] == "image/svg+xml"
    visit.assert_clean("projector before answers")

    for choice in ("o1", "o1", "o2"):
        phone = join_phone(session)
        phone.post(f"/delta/{session.code}/svar/{poll.pk}/", {"choice": choice})
    # The board counts answers as they come, through the stream, without a reload.
    expect(page.locator(".live-board__status")).to_contain_text("3", timeout=10_000)
    expect(page.locator(".live-bars")).to_have_count(0)  # hidden until revealed
    services.control(session=LiveSession.objects.get(pk=session.pk), action="reveal")
    expect(page.locator(".live-bars")).to_be_visible(timeout=10_000)
    visit.assert_clean("projector with results")

    control = page.context.new_page()
    control.goto(f"{visit.base_url}{prefix}/traffar/live/{session.code}/")
    expect(control.locator(".live-control__results .live-bars")).to_be_visible()
    stream = control.evaluate(
        """url => new Promise(resolve => {
            const source = new EventSource(url);
            source.addEventListener("update", e => {
                source.close();
                resolve(JSON.parse(e.data));
            });
        })""",
        f"{prefix}/traffar/live/{session.code}/styr/strom/",
    )
    assert stream["answered"] == 3 and stream["participants"] == 3
    # One screen, not a thousand phones: it comes back soon after its stream breaks.
    first = control.evaluate(
        """url => fetch(url).then(r => {
            const reader = r.body.getReader();
            return reader.read().then(({value}) => {
                reader.cancel();
                return new TextDecoder().decode(value);
            });
        })""",
        f"{prefix}/traffar/live/{session.code}/styr/strom/",
    )
    assert first.startswith("retry: 500")


@pytest.fixture
def join_phone():
    from django.test import Client

    def _join(session):
        phone = Client()
        assert phone.post(f"/delta/{session.code}/", {}).status_code == 302
        return phone

    return _join


def test_an_answer_sent_while_the_connection_blinks_is_retried_and_counted_once(visit, session):
    poll = session.activities.get()
    services.control(session=session, action="show", activity=poll)
    services.control(session=LiveSession.objects.get(pk=session.pk), action="open")
    page = visit.page
    visit.open(f"/en/delta/{session.code}/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/en/delta/{session.code}/")
    page.locator("#live-activity label").nth(1).click()
    page.context.set_offline(True)
    page.locator("#live-activity button[type=submit]").click()
    expect(page.locator("[data-live-offline]")).to_be_visible()
    assert not Answer.objects.exists()
    page.context.set_offline(False)
    expect(page.locator("#live-activity [role=status]")).to_be_visible(timeout=15_000)
    assert Answer.objects.get(activity=poll).value == ["o2"]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_pdf_wait_page(visit, session, facilitator_fia, monkeypatch, prefix):
    # A busy task worker: the render is queued but not done yet.
    monkeypatch.setattr("verkstad.workshops.live.report_pdf._enqueue", lambda pk: None)
    sign_in(visit, facilitator_fia)
    page = visit.open(f"{prefix}/traffar/live/{session.code}/rapport.pdf", status=202)
    expect(page.locator("main h1")).to_be_visible()
    expect(
        page.locator(f"main a[href='{prefix}/traffar/live/{session.code}/rapport/']")
    ).to_have_count(2)
