from __future__ import annotations

import json

import pytest

from tests.browser.pages import covers

PUBLIC_PAGES = ["/", "/om-projektet/", "/tillganglighet/", "/integritet/"]


@covers("core:home", "core:about", "core:accessibility", "core:privacy")
@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_passes_axe_in_both_languages(visit, transactional_db, prefix, path):
    page = visit.open(prefix + path)
    assert page.locator("html").get_attribute("lang") == ("en" if prefix else "sv")
    assert page.locator("main h1").count() == 1
    assert page.locator("header nav, main, footer").count() >= 3
    # The design system is really loaded (axe passes trivially on unstyled pages).
    header_bg = page.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert header_bg == "rgb(29, 59, 83)"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
@pytest.mark.parametrize("width", [320, 1280])
def test_pages_fit_small_and_large_screens(visit, transactional_db, width, path):
    visit.page.set_viewport_size({"width": width, "height": 800})
    page = visit.open(path)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"horizontal scroll of {overflow}px at {width}px"


def test_language_switch_leads_to_the_same_page_in_english(visit, transactional_db):
    page = visit.open("/om-projektet/")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/om-projektet/")
    assert page.locator("h1").inner_text() == "About the project"
    visit.assert_clean("/en/om-projektet/")
    page.get_by_role("link", name="Svenska").click()
    page.wait_for_url("**/om-projektet/")
    assert page.locator("h1").inner_text() == "Om projektet"


def test_skip_link_is_first_and_moves_focus_to_main(visit, transactional_db):
    page = visit.open("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Hoppa till huvudinnehållet"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize(
    "prefix,heading", [("", "Vi hittade inte sidan"), ("/en", "We could not find that page")]
)
def test_not_found_page_is_friendly_in_both_languages(visit, transactional_db, prefix, heading):
    page = visit.open(prefix + "/finns-inte/", status=404)
    assert page.locator("h1").inner_text() == heading


def test_csrf_failure_page_explains_in_the_users_language(visit, transactional_db):
    page = visit.open("/en/")
    # A form post with no CSRF token, as after a long pause with cookies cleared.
    page.evaluate(
        """() => { const f = document.createElement('form'); f.method = 'post';
        f.action = '/en/konto/logga-in/'; document.body.appendChild(f); f.submit(); }"""
    )
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "The form could not be sent"
    visit.assert_clean("csrf failure")


@covers("healthz", "readyz")
@pytest.mark.parametrize("path,status", [("/healthz", "ok"), ("/readyz", "ready")])
def test_probes_answer_json(page, live_server, transactional_db, path, status):
    response = page.goto(live_server.url + path)
    assert response is not None and response.status == 200
    assert json.loads(page.locator("body").inner_text())["status"] == status
