"""Knowledge pages in a real browser: axe-clean in Swedish and English, downloads that parse."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import bibtexparser
import pytest
import rispy
from playwright.sync_api import expect

from tests.browser.pages import covers
from tests.browser.test_accounts_pages import sign_in
from verkstad.knowledge.loader import content_load, default_content_path
from verkstad.knowledge.models import EditorialStatus, Finding, Source

PREFIXES = ["", "/en"]
F1 = "digitalisering-ar-en-komplex-process"
F2 = "organisationsutveckling-parallellt"
P6 = "johansson-asztalos-morell-lindell-2020"

PAGES = [
    "/kunskap/",
    "/kunskap/?theme=kultur&strength=2",
    "/kunskap/?strength=5",
    "/kunskap/?strength=abc",
    f"/kunskap/fynd/{F1}/",
    "/kunskap/fynd/kvinnor-som-digitala-stalarbetare/",
    "/kunskap/teman/",
    "/kunskap/teman/kultur/",
    "/kunskap/fragor/",
    "/kunskap/fragor/vilka-jobb-forsvinner/",
    "/kunskap/kallor/",
    f"/kunskap/kallor/{P6}/",
    "/kunskap/rekommendationer/",
    "/kunskap/fakta/",
    "/kunskap/evidens/",
    "/kunskap/jamfor/",
    f"/kunskap/jamfor/?f={F1}",
    f"/kunskap/jamfor/?f={F1}&f={F2}&f=samspel-mellan-manniska-och-teknik",
    "/kunskap/jamfor/?f=finns-inte",
]


@pytest.fixture
def content(transactional_db) -> None:
    report = content_load(path=default_content_path())
    assert report.ok, [str(e) for e in report.errors]


@covers(
    "knowledge:finding_list",
    "knowledge:finding_detail",
    "knowledge:theme_list",
    "knowledge:theme_detail",
    "knowledge:question_list",
    "knowledge:question_detail",
    "knowledge:source_list",
    "knowledge:source_detail",
    "knowledge:recommendation_list",
    "knowledge:context_fact_list",
    "knowledge:evidence_rubric",
    "knowledge:finding_compare",
)
@pytest.mark.parametrize("prefix", PREFIXES)
def test_every_knowledge_page_passes_axe_in_both_languages(visit, content, prefix):
    for path in PAGES:
        page = visit.open(prefix + path)
        assert page.locator("html").get_attribute("lang") == ("en" if prefix else "sv"), path
        assert page.locator("main h1").count() == 1, path
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path}: horizontal scroll of {overflow}px"


@pytest.mark.parametrize("width", [320, 1280])
def test_the_finding_card_fits_small_and_large_screens(visit, content, width):
    visit.page.set_viewport_size({"width": width, "height": 900})
    page = visit.open(f"/kunskap/fynd/{F1}/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"horizontal scroll of {overflow}px at {width}px"
    sides = page.locator(".mechanism__side")
    first, second = sides.nth(0).bounding_box(), sides.nth(1).bounding_box()
    if width >= 1280:
        assert first["y"] == second["y"] and first["x"] < second["x"]  # side by side
    else:
        assert second["y"] > first["y"]  # stacked


def test_the_filter_form_works_by_keyboard_without_javascript(browser, live_server, content):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    page = context.new_page()
    page.goto(live_server.url + "/en/kunskap/")
    page.select_option("#id_theme", "kultur")
    page.focus("main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/kunskap/?*theme=kultur*")
    expected = Finding.objects.published().filter(themes__slug="kultur").count()
    assert page.locator(".finding-card").count() == expected
    assert page.locator("#id_theme").input_value() == "kultur"
    context.close()


def test_choosing_findings_to_compare(visit, content):
    page = visit.open(f"/en/kunskap/fynd/{F1}/")
    page.locator(f"a[href='/en/kunskap/jamfor/?f={F1}']").click()
    page.wait_for_url("**/en/kunskap/jamfor/?f=*")
    expect(page.locator(f"#compare-{F1}")).to_be_checked()
    page.locator(f"label[for='compare-{F2}']").click()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/en/kunskap/jamfor/?f={F1}&f={F2}")
    expect(page.locator(".compare-table thead th")).to_have_count(2)
    visit.assert_clean("compare after choosing")


@pytest.mark.parametrize("prefix", PREFIXES)
def test_an_editor_previews_a_draft_with_a_banner(visit, content, editor_eva, prefix):
    finding = Finding.objects.get(slug=F1)
    finding.status = EditorialStatus.DRAFT
    finding.save()
    visit.open(f"{prefix}/kunskap/fynd/{F1}/", status=404)
    sign_in(visit, editor_eva)
    page = visit.open(f"{prefix}/kunskap/fynd/{F1}/")
    expect(page.locator(".draft-banner")).to_be_visible()


def test_the_knowledge_link_in_the_main_menu(visit, content):
    page = visit.open("/en/")
    page.locator("header .site-nav a[href='/en/kunskap/']").click()
    page.wait_for_url("**/en/kunskap/")
    assert page.locator(".site-nav a[aria-current='page']").get_attribute("href") == "/en/kunskap/"
    page = visit.open("/")
    page.locator("main a[href='/kunskap/fragor/vilka-jobb-forsvinner/']").click()
    page.wait_for_url("**/kunskap/fragor/vilka-jobb-forsvinner/")
    visit.assert_clean("question page from the home page")


def _download(page, selector: str, tmp_path):
    with page.expect_download() as info:
        page.locator(selector).first.click()
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    return download.suggested_filename, target.read_text(encoding="utf-8")


@covers("knowledge:citation_export")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_findings_sources_download_in_every_format(visit, content, tmp_path, prefix):
    page = visit.open(f"{prefix}/kunskap/fynd/{F1}/")
    slugs = [c.source.slug for c in Finding.objects.get(slug=F1).citations.all()]
    name, text = _download(page, "main a[href*='/kallor/urval.bib']", tmp_path)
    assert name == f"verkstad-{F1}-sources.bib"
    assert [e["ID"] for e in bibtexparser.loads(text).entries] == slugs
    name, text = _download(page, "main a[href*='/kallor/urval.ris']", tmp_path)
    assert name.endswith(".ris") and len(rispy.loads(text)) == len(slugs)
    name, text = _download(page, "main a[href*='/kallor/urval.json']", tmp_path)
    assert name.endswith(".json") and [i["id"] for i in json.loads(text)] == slugs


@covers("knowledge:source_citation")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_one_source_downloads_in_every_format(visit, content, tmp_path, prefix):
    page = visit.open(f"{prefix}/kunskap/kallor/{P6}/")
    name, text = _download(page, f"main a[href$='/{P6}/citera.bib']", tmp_path)
    assert name == f"{P6}.bib"
    assert bibtexparser.loads(text).entries[0]["doi"] == "10.1111/gwao.12489"
    name, text = _download(page, f"main a[href$='/{P6}/citera.ris']", tmp_path)
    assert rispy.loads(text)[0]["title"] == Source.objects.get(slug=P6).title
    name, text = _download(page, f"main a[href$='/{P6}/citera.json']", tmp_path)
    assert json.loads(text)[0]["type"] == "article-journal"


@covers("knowledge:finding_feed")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_feed_is_found_from_the_index(page, live_server, content, prefix):
    page.goto(f"{live_server.url}{prefix}/kunskap/")
    href = page.locator("link[rel=alternate][type='application/atom+xml']").get_attribute("href")
    assert href == f"{prefix}/kunskap/flode/"
    response = page.request.get(live_server.url + href)
    assert response.ok
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.body())
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == Finding.objects.published().count()
