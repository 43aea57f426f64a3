"""Local insight pages in a real browser: axe-clean in Swedish and English, CSV and JSON."""

from __future__ import annotations

import json

import pytest

from tests.browser.pages import covers
from tests.insight.conftest import SLICE
from verkstad.insight.reference import COUNTY_NAMES_SV
from verkstad.insight.services import labour_data_import

PREFIXES = ["", "/en"]
PAGES = [
    "/insikt/",
    "/insikt/lan/20/kompetenser/",
    "/insikt/yrken/",
    "/insikt/yrken/?q=stål&major=8",
    "/insikt/yrken/8122/",
    "/insikt/yrken/2512/",
    "/insikt/jamfor/lan/",
    "/insikt/jamfor/lan/?lan=20&lan=21",
    "/insikt/jamfor/lan/?lan=20",
    "/insikt/jamfor/yrken/?ssyk=8122&ssyk=8129",
    "/insikt/jamfor/yrken/?ssyk=8122",
    "/insikt/om-data/",
]


@pytest.fixture
def labour_data(transactional_db) -> None:
    labour_data_import(data_dir=SLICE)


@covers(
    "insight:county_list",
    "insight:county_skills",
    "insight:occupation_list",
    "insight:occupation_detail",
    "insight:county_compare",
    "insight:occupation_compare",
    "insight:data_sources",
)
@pytest.mark.parametrize("prefix", PREFIXES)
def test_every_insight_page_passes_axe_in_both_languages(visit, labour_data, prefix):
    for path in PAGES:
        page = visit.open(prefix + path)
        assert page.locator("html").get_attribute("lang") == ("en" if prefix else "sv"), path
        assert page.locator("main h1").count() == 1, path
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path}: horizontal scroll of {overflow}px"


@covers("insight:county_detail")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_all_21_county_pages_pass_axe_and_every_chart_has_a_table(visit, labour_data, prefix):
    for code in COUNTY_NAMES_SV:
        page = visit.open(f"{prefix}/insikt/lan/{code}/")
        figures = page.locator("figure.chart-figure")
        assert figures.count() >= 6, code
        for i in range(figures.count()):
            figure = figures.nth(i)
            if figure.locator("svg").count():
                assert figure.locator("svg[role=img] title").count() == 1, code
                assert figure.locator("table").count() == 1, code
                assert figure.locator("a[download]").count() == 1, code


@pytest.mark.parametrize("width", [320, 1280])
def test_the_county_page_fits_small_and_large_screens(visit, labour_data, width):
    visit.page.set_viewport_size({"width": width, "height": 900})
    page = visit.open("/insikt/lan/21/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"horizontal scroll of {overflow}px at {width}px"


@covers("insight:county_csv", "insight:occupation_csv")
def test_the_csv_downloads_beside_the_charts(visit, labour_data):
    page = visit.open("/insikt/lan/04/")
    with page.expect_download() as info:
        page.locator('a[href$="/metal.csv"]').click()
    text = open(info.value.path(), encoding="utf-8").read()
    assert "8122" in text and "1463" in text
    page = visit.open("/insikt/yrken/8122/")
    with page.expect_download() as info:
        page.locator('a[href$="/counties_latest.csv"]').click()
    assert "Dalarnas län,1079" in open(info.value.path(), encoding="utf-8").read()


@covers("insight_api:counties", "insight_api:employment", "insight_api:transitions")
@pytest.mark.parametrize(
    "path,key",
    [
        ("/api/insight/counties", "counties"),
        ("/api/insight/employment?county=21&ssyk=8129&year=2024", "employees"),
        ("/api/insight/transitions?ssyk=2512", "transitions"),
    ],
)
def test_the_api_answers_json(page, live_server, labour_data, path, key):
    response = page.goto(live_server.url + path)
    assert response is not None and response.status == 200
    data = json.loads(page.locator("body").inner_text())
    assert data[key]
    if key == "employees":
        assert data[key] == 2243


ERROR_PAGES = [
    ("/insikt/lan/99/", 404),
    ("/insikt/yrken/9999/", 404),
    ("/insikt/jamfor/lan/?lan=99&lan=21", 400),
    ("/insikt/jamfor/yrken/?ssyk=8122&ssyk=8122", 400),
]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_bad_codes_get_a_clean_page_that_says_why(visit, labour_data, prefix):
    for path, status in ERROR_PAGES:
        page = visit.open(prefix + path, status=status)
        assert page.locator("main [role=alert]").count() == 1, path
