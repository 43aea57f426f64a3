"""The impact pages in a real browser: axe-clean, no CSP errors, in Swedish and English."""

from __future__ import annotations

import pytest

from tests.browser.pages import covers
from tests.browser.test_accounts_pages import sign_in
from tests.impact.conftest import attendance_make, finding_make, votes_make
from verkstad.impact.services import knowledge_use_record

PREFIXES = ["", "/en"]


@pytest.fixture
def impact_data(transactional_db):
    finding = finding_make(1)
    votes_make(finding=finding, people={"kommun": 9, "skola": 2, "region": 5})
    attendance_make(finding=finding, people={"fackforbund": 6})
    for _i in range(6):
        knowledge_use_record(finding=finding, channel="brief", actor_type="kommun",
                             municipality="2081")  # fmt: skip
    return finding


@covers("impact:dashboard", "impact:report_html")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_dashboard_and_report_pass_axe(visit, impact_data, editor_eva, prefix):
    sign_in(visit, editor_eva)
    page = visit.open(f"{prefix}/paverkan/")
    assert page.locator("main h1").count() == 1
    assert page.locator("main svg.chart").count() >= 2
    page.fill("#id_fran", "2026-06-30")
    page.fill("#id_till", "2026-01-01")
    page.click("main form.impact-period button[type=submit]")
    page.wait_for_selector(".error-summary")
    visit.assert_clean("the dashboard with a period that ends before it starts")
    page = visit.open(f"{prefix}/paverkan/rapport/")
    assert page.locator("#codebook-heading").count() == 1
    visit.open(f"{prefix}/paverkan/rapport/?fran=2026-13-01", status=400)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


@covers("impact:report_csv", "impact:report_pdf")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_csv_and_pdf_are_served(visit, impact_data, editor_eva, prefix):
    sign_in(visit, editor_eva)
    response = visit.page.request.get(f"{visit.base_url}{prefix}/paverkan/rapport.csv")
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/csv")
    response = visit.page.request.get(f"{visit.base_url}{prefix}/paverkan/rapport.pdf")
    assert response.status == 200
    assert response.body().startswith(b"%PDF")
    visit.open(f"{prefix}/paverkan/rapport.csv?fran=2026-02-01&till=2026-01-01", status=400)


@covers("impact:use_list", "impact:use_create")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_an_editor_records_a_citation(visit, impact_data, editor_eva, prefix):
    sign_in(visit, editor_eva)
    page = visit.open(f"{prefix}/paverkan/anvandning/")
    page.click("main a.button")
    page.wait_for_url(f"**{prefix}/paverkan/anvandning/ny/")
    visit.assert_clean("the empty record form")
    page.click("main button[type=submit]")
    page.wait_for_selector(".error-summary")
    visit.assert_clean("the record form with errors")
    page.select_option("#id_finding", str(impact_data.pk))
    page.fill("#id_organisation_name", "Borlänge kommun")
    page.fill("#id_municipality_code", "2081")
    page.fill("#id_reference", "Översiktsplan 2040, s. 34")
    page.fill("#id_url", "https://example.se/op2040.pdf")
    page.fill("#id_day", "2026-03-15")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{prefix}/paverkan/anvandning/")
    visit.assert_clean("the records after saving")
    assert "Översiktsplan 2040, s. 34" in page.locator("main table").inner_text()


def test_people_without_the_capability_do_not_get_in(visit, transactional_db, participant_per):
    sign_in(visit, participant_per)
    page = visit.open("/paverkan/", status=403)
    assert page.locator("main h1").count() == 1
