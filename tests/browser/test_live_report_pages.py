"""The statement round on a phone, its set-up page and the session report, in a real browser:
axe-clean in both languages, downloads that open."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.pages import covers
from tests.browser.test_accounts_pages import sign_in
from tests.factories import (
    ConversationFactory,
    MeetingFactory,
    OrganisationFactory,
    StatementFactory,
)
from verkstad.dialogue.models import CurrentVote
from verkstad.workshops.live import services
from verkstad.workshops.live.models import Activity, ActivityKind, LiveSession

PREFIXES = ["", "/en"]
TEXTS = (
    "Kommunen ska planera för de nya yrkena redan nu.",
    "Bruket har ett ansvar för orten när jobben förändras.",
)


@pytest.fixture
def conversation(transactional_db):
    conversation = ConversationFactory()
    for n, text in enumerate(TEXTS):
        StatementFactory(conversation=conversation, number=n, text=text)
    return conversation


@pytest.fixture
def session(transactional_db, facilitator_fia, conversation):
    meeting = MeetingFactory(slug="stalstaden", organisers=[OrganisationFactory()])
    session = services.session_start(meeting=meeting, user=facilitator_fia)
    Activity.objects.create(
        session=session,
        position=1,
        kind=ActivityKind.POLL,
        prompt_sv="Vem bär ansvaret för kompetensen?",
        prompt_en="Who is responsible for skills?",
        options=[
            {"key": "o1", "sv": "Kommunen", "en": "The municipality"},
            {"key": "o2", "sv": "Facket", "en": "The union"},
        ],
    )
    round_ = Activity.objects.create(
        session=session,
        position=2,
        kind=ActivityKind.STATEMENTS,
        prompt_sv="Ta ställning till påståendena",
        prompt_en="Take a stand on the statements",
        conversation=conversation,
    )
    services.control(session=session, action="show", activity=round_)
    services.control(session=LiveSession.objects.get(pk=session.pk), action="open")
    return session


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_phone_votes_on_statements(visit, session, conversation, prefix):
    page = visit.page
    page.set_viewport_size({"width": 360, "height": 740})
    visit.open(f"{prefix}/delta/{session.code}/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/delta/{session.code}/")
    expect(page.locator(".live-statement__text")).to_be_visible()
    visit.assert_clean("statement round on a phone")

    first = page.locator(".live-statement__text").inner_text()
    page.locator(".live-statement button[type=submit]").first.click()  # agree
    expect(page.locator("#live-activity [role=status]").first).to_be_visible()
    expect(page.locator(".live-statement__text")).not_to_have_text(first)
    visit.assert_clean("after the first vote")
    page.locator(".live-statement button[type=submit]").nth(2).click()  # pass
    expect(page.locator(".live-my-votes")).to_be_visible()
    expect(page.locator(".live-statement")).to_have_count(0)
    page.locator(".live-my-votes summary").click()
    visit.assert_clean("every statement voted, own votes open")
    votes = sorted(
        CurrentVote.objects.filter(conversation=conversation).values_list("value", flat=True)
    )
    assert votes == [0, 1]


@covers("workshops:live_statements_create", "workshops:live_statements_edit")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_facilitator_sets_up_a_statement_round(
    visit, session, conversation, facilitator_fia, prefix
):
    sign_in(visit, facilitator_fia)
    page = visit.open(f"{prefix}/traffar/live/{session.code}/")
    page.locator(f"a[href='{prefix}/traffar/live/{session.code}/aktivitet/pastaenden/']").click()
    page.wait_for_url("**/aktivitet/pastaenden/")
    visit.assert_clean("statement round set-up")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    visit.assert_clean("statement round set-up with errors")
    page.select_option("#id_conversation", str(conversation.pk))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/traffar/live/{session.code}/")
    added = session.activities.order_by("-position").first()
    assert added.kind == "statements" and added.conversation == conversation

    blank = Activity.objects.create(
        session=session, position=9, kind=ActivityKind.STATEMENTS, prompt_sv="Utan samtal"
    )
    page = visit.open(f"{prefix}/traffar/live/{session.code}/aktivitet/{blank.pk}/pastaenden/")
    expect(page.locator("main h1")).to_be_visible()


@covers("workshops:live_report", "workshops:live_report_csv", "workshops:live_report_pdf")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_report_page_and_its_downloads(visit, session, facilitator_fia, prefix):
    from django.test import Client

    round_ = session.activities.get(kind="statements")
    statement = round_.conversation.statements.first()
    for n in range(6):
        phone = Client()
        phone.post(
            f"/delta/{session.code}/", {"actor_type": "kommun", "consent": "on"} if n < 5 else {}
        )
        phone.post(
            f"/delta/{session.code}/svar/{round_.pk}/", {"statement": statement.pk, "vote": "agree"}
        )
    sign_in(visit, facilitator_fia)
    page = visit.open(f"{prefix}/traffar/live/{session.code}/")
    page.locator(f"a[href='{prefix}/traffar/live/{session.code}/rapport/']").click()
    page.wait_for_url(f"**{prefix}/traffar/live/{session.code}/rapport/")
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator(".live-statements")).to_be_visible()
    visit.assert_clean("session report")
    for suffix, kind in (("rapport.csv", "text/csv"), ("rapport.pdf", "application/pdf")):
        response = page.request.get(
            f"{visit.base_url}{prefix}/traffar/live/{session.code}/{suffix}"
        )
        assert response.status == 200 and response.headers["content-type"].startswith(kind)
