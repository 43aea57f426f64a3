"""Moderation, import/export and seeding pages in a real browser: axe-clean in both languages,
keyboard shortcuts that work (and stay quiet while typing), uploads with clear errors."""

from __future__ import annotations

import io
import zipfile

import pytest
from playwright.sync_api import expect

from tests.browser.pages import covers
from tests.browser.test_accounts_pages import sign_in
from tests.factories import ConversationFactory, StatementFactory
from verkstad.dialogue.models import Moderation, Statement

PREFIXES = ["", "/en"]


@pytest.fixture
def queue(transactional_db):
    conversation = ConversationFactory(slug="jobben", moderation=Moderation.POST)
    earlier = StatementFactory(conversation=conversation, number=0, text="Jobben försvinner.")
    StatementFactory(
        conversation=conversation,
        number=1,
        status="pending",
        text="Jobben försvinner nog.",
        duplicate_of=earlier,
        duplicate_score=0.92,
    )
    StatementFactory(conversation=conversation, number=2, status="pending", text="Fler lärlingar.")
    StatementFactory(conversation=conversation, number=3, status="pending", text="Mer AI i skolan.")
    return conversation


@covers(
    "dialogue:moderation_overview",
    "dialogue:moderation_queue",
    "dialogue:conversation_import",
    "dialogue:statement_seed",
)
@pytest.mark.parametrize("prefix", PREFIXES)
def test_every_moderation_page_passes_axe_in_both_languages(visit, queue, editor_eva, prefix):
    sign_in(visit, editor_eva)
    for path in [
        "/dialog/moderera/",
        "/dialog/jobben/moderera/",
        "/dialog/importera/",
        "/dialog/jobben/startpastaenden/",
    ]:
        page = visit.open(prefix + path)
        assert page.locator("html").get_attribute("lang") == ("en" if prefix else "sv"), path
        assert page.locator("main h1").count() == 1, path
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path}: horizontal scroll of {overflow}px"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_rejection_without_a_reason_is_explained(visit, queue, moderator_maja, prefix):
    sign_in(visit, moderator_maja)
    page = visit.open(prefix + "/dialog/jobben/moderera/")
    page.locator("[data-mod-item]").nth(1).locator("[data-mod-reject]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    visit.assert_clean("queue with errors")
    page.set_viewport_size({"width": 320, "height": 800})
    visit.assert_clean("queue on a phone")


def test_keyboard_shortcuts_move_select_accept_and_reject(visit, queue, moderator_maja):
    sign_in(visit, moderator_maja)
    page = visit.open("/en/dialog/jobben/moderera/")
    items = page.locator("[data-mod-item]")
    # j moves to the first statement, j again to the second, k back.
    page.keyboard.press("j")
    expect(items.nth(0)).to_be_focused()
    page.keyboard.press("j")
    expect(items.nth(1)).to_be_focused()
    page.keyboard.press("k")
    expect(items.nth(0)).to_be_focused()
    # x selects it; typing an x in the reason field types, and selects nothing.
    page.keyboard.press("x")
    expect(items.nth(0).locator("input[type=checkbox]")).to_be_checked()
    page.get_by_label("Reason in your own words").fill("")
    page.get_by_label("Reason in your own words").press("x")
    page.get_by_label("Reason in your own words").press("a")
    page.get_by_label("Reason in your own words").press("j")
    expect(page.get_by_label("Reason in your own words")).to_have_value("xaj")
    expect(page.get_by_label("Reason in your own words")).to_be_focused()
    assert Statement.objects.filter(status="pending").count() == 3
    page.get_by_label("Reason in your own words").fill("")
    # a accepts the first pending statement (no. 1) at once.
    items.nth(0).focus()
    page.keyboard.press("a")
    page.wait_for_url("**/en/dialog/jobben/moderera/")
    expect(page.locator(".message--success")).to_be_visible()
    assert Statement.objects.get(number=1).status == "accepted"
    # r without a reason moves the focus to the reason and says why.
    items = page.locator("[data-mod-item]")
    page.keyboard.press("j")
    page.keyboard.press("r")
    expect(page.locator("#id_preset")).to_be_focused()
    expect(page.locator("#moderation-status")).not_to_be_empty()
    assert Statement.objects.get(number=2).status == "pending"
    # With a reason chosen, r rejects the statement with the focus.
    page.locator("#id_preset").select_option("off_topic")
    items.nth(0).focus()
    page.keyboard.press("r")
    page.wait_for_load_state()
    expect(page.locator(".message--success")).to_be_visible()
    rejected = Statement.objects.get(number=2)
    assert rejected.status == "rejected" and rejected.reason
    visit.assert_clean("queue after decisions")


def test_bulk_accept_without_javascript_shortcuts(visit, queue, moderator_maja):
    sign_in(visit, moderator_maja)
    page = visit.open("/en/dialog/jobben/moderera/")
    page.get_by_label("Fler lärlingar.").check()
    page.get_by_label("Mer AI i skolan.").check()
    page.get_by_role("button", name="Accept selected").click()
    expect(page.locator(".message--success")).to_be_visible()
    assert set(Statement.objects.filter(number__in=[2, 3]).values_list("status", flat=True)) == {
        "accepted"
    }


@covers("dialogue:conversation_export")
def test_export_downloads_and_imports_back(visit, queue, facilitator_fia, tmp_path):
    sign_in(visit, facilitator_fia)
    page = visit.open("/en/dialog/importera/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="jobben-export.zip").click()
    path = tmp_path / "export.zip"
    download_info.value.save_as(path)
    assert "jobben/comments.csv" in zipfile.ZipFile(path).namelist()

    page.get_by_label("Export files").set_input_files(str(path))
    page.get_by_label("Address of the new conversation").fill("jobben-kopia")
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".message--success")).to_be_visible()
    assert Statement.objects.filter(conversation__slug="jobben-kopia").count() == 4
    visit.assert_clean("import done")

    # A broken file: a message with the line and column, nothing saved, and axe-clean.
    broken = io.BytesIO(b"comment-id,moderated,comment-body\n0,7,A\n")
    page.get_by_label("Export files").set_input_files(
        {"name": "comments.csv", "mimeType": "text/csv", "buffer": broken.getvalue()}
    )
    page.get_by_label("Address of the new conversation").fill("trasig")
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".error-summary")).to_contain_text("comments.csv, line 2, column moderated")
    visit.assert_clean("import error")
