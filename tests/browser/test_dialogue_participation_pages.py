"""Taking part in a dialogue in a real browser: axe-clean in both languages, by keyboard,
with and without JavaScript, at 320 px."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.browser.pages import covers
from tests.browser.test_accounts_pages import sign_in, tab_to
from tests.factories import ConversationFactory, StatementFactory
from verkstad.dialogue.models import CurrentVote, Statement, Vote
from verkstad.knowledge.models import BigQuestion, SeedStatement

PREFIXES = ["", "/en"]


@pytest.fixture
def conversation(transactional_db, settings):
    settings.VERKSTAD_SEARCH_SEMANTIC = False
    cache.clear()
    conversation = ConversationFactory(slug="jobben")
    for number in range(3):
        StatementFactory(conversation=conversation, number=number)
    yield conversation
    cache.clear()


@pytest.fixture
def question(transactional_db):
    question = BigQuestion.objects.create(
        slug="vilka-jobb", number=1, title_sv="Vilka jobb försvinner?", title_en="Which jobs go?"
    )
    for position in (1, 2):
        SeedStatement.objects.create(
            question=question,
            position=position,
            text_sv=f"Automatiseringen tar bort enkla jobb ({position}).",
            text_en=f"Automation removes simple jobs ({position}).",
        )
    return question


def _no_overflow(page, label: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{label}: horizontal scroll of {overflow}px"


@covers(
    "dialogue:conversation_list",
    "dialogue:conversation",
    "dialogue:vote",
    "dialogue:statement_create",
    "dialogue:role",
    "dialogue:participation",
)
@pytest.mark.parametrize("prefix", PREFIXES)
def test_taking_part_passes_axe_in_both_languages(visit, conversation, prefix):
    lang = "en" if prefix else "sv"
    page = visit.open(f"{prefix}/dialog/")
    assert page.locator("html").get_attribute("lang") == lang
    page.locator(f"a[href='{prefix}/dialog/jobben/']").click()
    page.wait_for_url(f"**{prefix}/dialog/jobben/")
    visit.assert_clean("conversation page")
    assert page.locator("main h1").count() == 1

    # A vote through htmx: only the card changes, and it says how far the person has come.
    page.locator(".vote-button--agree").click()
    expect(page.locator("#vote-status")).not_to_be_empty()
    expect(page.locator(".vote-card__progress")).to_contain_text("1")
    visit.assert_clean("after a vote")

    # A statement that breaks a rule comes back with the error and the text kept.
    page.fill("#id_text", "Kort")
    page.locator("#write button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/dialog/jobben/pastaende/")
    expect(page.locator(".error-summary")).to_be_visible()
    assert page.locator("#id_text").input_value() == "Kort"
    visit.assert_clean("statement with an error")
    page.fill("#id_text", "Skolan behöver fler tekniklärare i bruksorten.")
    page.locator("#write button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/dialog/jobben/")
    assert Statement.objects.filter(text__startswith="Skolan behöver").exists()

    page = visit.open(f"{prefix}/dialog/jobben/roll/")
    page.select_option("#id_actor_type", "skola")
    page.locator("label[for=id_consent]").click()
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"**{prefix}/dialog/jobben/")
    visit.assert_clean("after declaring a role")
    page = visit.open(f"{prefix}/dialog/jobben/roll/")
    expect(page.locator("#withdraw-heading")).to_be_visible()

    page = visit.open(f"{prefix}/dialog/jobben/mina-svar/")
    expect(page.locator(".my-votes").first).to_be_visible()
    page.locator("main form button.button--danger").click()
    page.wait_for_url(f"**{prefix}/dialog/jobben/")
    assert not Vote.objects.exists()
    visit.assert_clean("after deleting my votes")


@covers("dialogue:join")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_join_link_opens_a_link_only_conversation(visit, conversation, prefix):
    conversation.access = "link"
    conversation.save()
    visit.open(f"{prefix}/dialog/jobben/", status=403)
    page = visit.open(f"{prefix}/dialog/jobben/delta/{conversation.join_token}/")
    page.locator("main a.button").click()
    page.wait_for_url(f"**{prefix}/dialog/jobben/")
    expect(page.locator(".vote-button--agree")).to_be_visible()
    visit.assert_clean("link-only conversation after joining")


@covers("dialogue:conversation_create")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_facilitator_starts_a_conversation(
    visit, conversation, question, facilitator_fia, prefix
):
    sign_in(visit, facilitator_fia)
    page = visit.open(f"{prefix}/dialog/ny/?question=vilka-jobb")
    assert page.locator("#id_topic_sv").input_value() == "Vilka jobb försvinner?"
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/dialog/vilka-jobb-forsvinner/")
    visit.assert_clean("new conversation")
    # The statements come in the page's language unless the facilitator picks another.
    seed_start = "Automation" if prefix else "Automatiseringen"
    expect(page.locator(".vote-card__statement")).to_contain_text(seed_start)


def test_voting_by_keyboard_only(visit, conversation):
    page = visit.open("/en/dialog/jobben/")
    for expected in (1, 2):
        first = page.locator("#statement-heading").inner_text()
        tab_to(page, ".vote-button--agree")
        page.keyboard.press("Enter")
        expect(page.locator(".vote-card__progress")).to_contain_text(f"{expected} of 3")
        expect(page.locator("#statement-heading")).to_be_focused()
        assert page.locator("#statement-heading").inner_text() != first
        expect(page.locator("#vote-status")).to_contain_text("Your vote is saved: Agree.")
    tab_to(page, ".vote-button--disagree")
    page.keyboard.press("Space")
    expect(page.locator("#statement-heading")).to_have_text("You have voted on every statement")
    expect(page.locator("#statement-heading")).to_be_focused()
    assert sorted(CurrentVote.objects.values_list("value", flat=True)) == [-1, 1, 1]
    visit.assert_clean("all done")


def test_voting_without_javascript(browser, live_server, conversation):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    page = context.new_page()
    page.goto(live_server.url + "/en/dialog/jobben/")
    page.locator(".vote-button--pass").click()
    page.wait_for_url("**/en/dialog/jobben/#vote-card")
    expect(page.locator(".vote-card__progress")).to_contain_text("1 of 3")
    expect(page.locator(".messages")).to_contain_text("Your vote is saved")
    assert CurrentVote.objects.get().value == 0
    context.close()


def test_the_limit_message_shows_in_the_card(visit, conversation, settings):
    settings.VERKSTAD_DIALOGUE_VOTES_PER_MINUTE = 1
    page = visit.open("/en/dialog/jobben/")
    page.locator(".vote-button--agree").click()
    expect(page.locator(".vote-card__progress")).to_contain_text("1 of 3")
    page.locator(".vote-button--agree").click()
    expect(page.locator("#vote-card [role=alert]")).to_contain_text("faster than we can take in")
    assert Vote.objects.count() == 1


@pytest.mark.parametrize("width", [320, 1280])
def test_the_pages_fit_small_and_large_screens(
    visit, conversation, question, facilitator_fia, width
):
    visit.page.set_viewport_size({"width": width, "height": 900})
    page = visit.open("/dialog/jobben/")
    _no_overflow(page, f"conversation at {width}px")
    box = page.locator(".vote-button--agree").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    page.locator(".vote-button--agree").click()
    expect(page.locator(".vote-card__progress")).to_contain_text("1")
    for path in ("/dialog/", "/dialog/jobben/roll/", "/dialog/jobben/mina-svar/"):
        _no_overflow(visit.open(path), f"{path} at {width}px")
    sign_in(visit, facilitator_fia)
    _no_overflow(visit.open("/dialog/ny/?question=vilka-jobb"), f"create at {width}px")
