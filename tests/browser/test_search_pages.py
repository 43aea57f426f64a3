"""The search page in a real browser: axe-clean in both languages, usable without JS."""

from __future__ import annotations

import json

import pytest

from tests.browser.pages import covers
from verkstad.knowledge.loader import content_load, default_content_path
from verkstad.search.services import index_rebuild

PREFIXES = ["", "/en"]
PAGES = [
    "/sok/",
    "/sok/?q=kompetensf%C3%B6rs%C3%B6rjning",
    "/sok/?q=digitalisering&page=2",
    "/sok/?q=kompetens&type=finding&theme=kompetens",
    "/sok/?q=m%C3%A5ngfalld",
    "/sok/?q=%22(NEAR*&page=abc",
]


@pytest.fixture
def indexed(transactional_db, settings) -> None:
    settings.VERKSTAD_SEARCH_SEMANTIC = False
    report = content_load(path=default_content_path())
    assert report.ok, [str(e) for e in report.errors]
    index_rebuild()


@covers("search:search")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_search_page_passes_axe_in_both_languages(visit, indexed, prefix):
    for path in PAGES:
        page = visit.open(prefix + path)
        assert page.locator("html").get_attribute("lang") == ("en" if prefix else "sv"), path
        assert page.locator("main h1").count() == 1, path
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path}: horizontal scroll of {overflow}px"


@pytest.mark.parametrize("width", [320, 1280])
def test_the_header_search_box_works_by_keyboard_without_javascript(
    browser, live_server, indexed, width
):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/kunskap/")
    box = page.locator("header form.site-search").get_by_role("searchbox")
    box.focus()
    page.keyboard.type("kompetensförsörjning")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sok/?q=*")
    assert page.locator(".search-hit").count() >= 1
    assert page.locator(".search-hit mark").count() >= 1
    page.locator(".search-facet a[href*='type=finding']").click()
    assert "type=finding" in page.url
    context.close()


@covers("search_api")
def test_the_api_answers_json(page, live_server, indexed):
    response = page.goto(live_server.url + "/api/search?q=kompetens&limit=2")
    assert response is not None and response.status == 200
    body = json.loads(page.inner_text("body"))
    assert len(body["hits"]) == 2
