"""Accounts pages in a real browser: axe-clean in Swedish and English, and usable by keyboard."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import Page, expect

from tests.browser.pages import PageVisit, covers
from tests.factories import TEST_PASSWORD, ConsentFactory, UserFactory
from verkstad.accounts.models import ConsentPurpose, User

PREFIXES = ["", "/en"]


def sign_in(visit: PageVisit, user: User) -> None:
    """Give the browser a signed-in session without going through the form."""
    client = Client()
    client.force_login(user)
    visit.page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": visit.base_url,
            }
        ]
    )


def tab_to(page: Page, selector: str, *, limit: int = 60) -> None:
    """Press Tab until the element matching ``selector`` has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@covers(
    "accounts:login",
    "accounts:signup",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_complete",
)
@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize(
    "path",
    [
        "/konto/logga-in/",
        "/konto/skapa-konto/",
        "/konto/losenord/",
        "/konto/losenord/skickat/",
        "/konto/losenord/klart/",
    ],
)
def test_public_account_page_passes_axe(visit, transactional_db, prefix, path):
    page = visit.open(prefix + path)
    assert page.locator("html").get_attribute("lang") == ("en" if prefix else "sv")
    assert page.locator("main h1").count() == 1


@pytest.mark.parametrize("prefix", PREFIXES)
def test_form_errors_are_summarised_and_tied_to_fields(visit, transactional_db, prefix):
    page = visit.open(prefix + "/konto/skapa-konto/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary[role=alert]")
    expect(summary).to_be_visible()
    email = page.locator("#id_email")
    assert email.get_attribute("aria-invalid") == "true"
    assert "id_email_error" in email.get_attribute("aria-describedby")
    summary.locator("a[href='#id_email']").click()
    assert page.evaluate("document.activeElement.id") == "id_email"
    visit.assert_clean(prefix + " sign-up with errors")


@covers("accounts:password_reset_confirm")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_password_reset_link_pages_pass_axe(visit, transactional_db, prefix):
    user = UserFactory(email="lisa@example.se")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    page = visit.open(f"{prefix}/konto/losenord/nytt/{uid}/{token}/")
    assert page.locator("#id_new_password1").get_attribute("autocomplete") == "new-password"
    page.fill("#id_new_password1", "ett-nytt-bra-losen-5")
    page.fill("#id_new_password2", "ett-nytt-bra-losen-5")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/konto/losenord/klart/")
    visit.assert_clean(prefix + " reset complete")
    visit.open(f"{prefix}/konto/losenord/nytt/{uid}/fel-token/")
    expect(page.locator("main a[href$='/konto/losenord/']")).to_be_visible()


@covers("accounts:my_data", "accounts:account_delete", "accounts:workbench")
@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize(
    "path", ["/konto/mina-uppgifter/", "/konto/mina-uppgifter/radera-konto/", "/konto/arbetsyta/"]
)
def test_signed_in_account_page_passes_axe(visit, transactional_db, editor_eva, prefix, path):
    ConsentFactory(user=editor_eva, purpose=ConsentPurpose.PRIVACY_NOTICE)
    ConsentFactory(user=editor_eva, purpose=ConsentPurpose.DECLARED_ROLE)
    sign_in(visit, editor_eva)
    page = visit.open(prefix + path)
    assert page.locator("main h1").count() == 1


@covers("accounts:my_data_export")
def test_my_data_downloads_as_json(visit, transactional_db, participant_per, tmp_path):
    sign_in(visit, participant_per)
    page = visit.open("/en/konto/mina-uppgifter/")
    with page.expect_download() as download_info:
        page.locator("a[href='/en/konto/mina-uppgifter/ladda-ner/']").click()
    download = download_info.value
    assert download.suggested_filename.startswith("verkstad-my-data-")
    assert download.suggested_filename.endswith(".json")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    data = json.loads(target.read_text())
    assert data["sections"]["profile"]["email"] == "per@example.se"
    assert "password" not in target.read_text()


@covers("accounts:consent_withdraw")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_consent_is_withdrawn_from_my_data(visit, transactional_db, participant_per, prefix):
    consent = ConsentFactory(user=participant_per, purpose=ConsentPurpose.DECLARED_ROLE)
    sign_in(visit, participant_per)
    page = visit.open(prefix + "/konto/mina-uppgifter/")
    page.locator(f"form[action$='/samtycken/{consent.pk}/aterkalla/'] button").click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_be_visible()
    visit.assert_clean(prefix + " after withdrawing")
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


@covers("accounts:account_delete")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_deleting_the_account_confirms_and_signs_out(visit, transactional_db, prefix):
    user = UserFactory(email="tova@example.se")
    sign_in(visit, user)
    page = visit.open(prefix + "/konto/mina-uppgifter/radera-konto/")
    page.fill("#id_password", TEST_PASSWORD)
    page.locator("main form button.button--danger").click()
    page.wait_for_url(f"**{prefix}/")
    expect(page.locator(".messages")).to_be_visible()
    visit.assert_clean(prefix + " after deleting")
    assert not User.objects.filter(email="tova@example.se").exists()


@covers("accounts:logout")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_signing_out_from_the_header(visit, transactional_db, participant_per, prefix):
    sign_in(visit, participant_per)
    page = visit.open(prefix + "/konto/mina-uppgifter/")
    page.locator("header form[action$='/konto/logga-ut/'] button").click()
    page.wait_for_url(f"**{prefix}/")
    expect(page.locator("header a[href$='/konto/logga-in/']")).to_be_visible()
    visit.assert_clean(prefix + " after signing out")


def test_workbench_is_forbidden_without_a_role(visit, transactional_db, participant_per):
    sign_in(visit, participant_per)
    visit.open("/en/konto/arbetsyta/", status=403)


def test_sign_up_and_sign_in_by_keyboard_only(visit, transactional_db):
    page = visit.open("/en/konto/skapa-konto/")
    tab_to(page, "#id_email")
    page.keyboard.type("kim@example.se")
    page.keyboard.press("Tab")
    page.keyboard.type("Kim")
    tab_to(page, "#id_password1")
    page.keyboard.type("ett-tangentbords-losen-3")
    tab_to(page, "#id_password2")
    page.keyboard.type("ett-tangentbords-losen-3")
    tab_to(page, "#id_accept_privacy")
    page.keyboard.press("Space")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/konto/mina-uppgifter/")
    visit.assert_clean("my data after sign-up")
    assert User.objects.get(email="kim@example.se").consents.count() == 1

    tab_to(page, "header form[action$='/konto/logga-ut/'] button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/")
    tab_to(page, "header a[href$='/konto/logga-in/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/konto/logga-in/")
    tab_to(page, "#id_username")
    page.keyboard.type("Kim@Example.se")
    page.keyboard.press("Tab")
    page.keyboard.type("ett-tangentbords-losen-3")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/konto/mina-uppgifter/")
    expect(page.locator("main")).to_contain_text("kim@example.se")
    visit.assert_clean("my data after sign-in")
