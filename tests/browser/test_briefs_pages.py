"""Brief pages in a real browser: axe-clean in Swedish and English, the PDF served."""

from __future__ import annotations

import pytest

from tests.browser.pages import covers
from tests.browser.test_accounts_pages import sign_in
from tests.insight.conftest import SLICE
from verkstad.briefs import render
from verkstad.insight.services import labour_data_import
from verkstad.knowledge.loader import content_load, default_content_path

PREFIXES = ["", "/en"]


@pytest.fixture
def seeded_live(transactional_db, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    assert content_load(path=default_content_path()).ok
    labour_data_import(data_dir=SLICE)


@covers("briefs:brief_builder", "briefs:brief_detail")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_builder_and_briefs_pass_axe_in_both_languages(visit, seeded_live, prefix):
    page = visit.open(f"{prefix}/underlag/")
    assert page.locator("main h1").count() == 1
    page.select_option("#id_lan", "20")
    page.fill("#id_kommun", "2081")
    page.select_option("#id_aktor", "kommun")
    page.check("#id_sprak_1")  # English
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{prefix}/underlag/2081/kommun/en/")
    visit.assert_clean("the brief from the builder")
    assert page.locator("article.brief").get_attribute("lang") == "en"
    for path in [
        "/underlag/?lan=20&kommun=0181&aktor=kommun&sprak=sv",  # form error
        "/underlag/20/kommun/sv/",
        "/underlag/20/fackforbund/en/",
        "/underlag/25/annan/sv/",  # no finding for the audience: says what is missing
    ]:
        page = visit.open(prefix + path)
        assert page.locator("main h1").count() == 1, path
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path}: horizontal scroll of {overflow}px"
    visit.open(f"{prefix}/underlag/99/kommun/sv/", status=404)


@covers("briefs:brief_pdf")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_pdf_is_served_and_a_failed_render_explains_itself(
    visit, seeded_live, monkeypatch, prefix
):
    response = visit.page.request.get(f"{visit.base_url}{prefix}/underlag/20/kommun/sv/pdf/")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    def broken(**kwargs):
        raise RuntimeError("no fonts today")

    monkeypatch.setattr("verkstad.briefs.services.brief_pdf", broken)
    page = visit.open(f"{prefix}/underlag/20/skola/sv/pdf/")
    assert page.locator("main h1").count() == 1
    assert page.locator("a[href$='/underlag/20/skola/sv/']").count() >= 1
    assert render.PDF_VARIANT == "pdf/ua-1"


@covers("briefs:brief_edit")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_an_editor_adds_an_introduction(visit, seeded_live, editor_eva, prefix):
    sign_in(visit, editor_eva)
    page = visit.open(f"{prefix}/underlag/20/kommun/sv/redigera/")
    page.fill("#id_introduction", "Till kommunens planerare i Dalarna.")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{prefix}/underlag/20/kommun/sv/")
    visit.assert_clean("the brief after editing")
    assert "Till kommunens planerare i Dalarna." in page.locator("article.brief").inner_text()
