"""The dialogue report in a real browser: axe-clean in Swedish and English, map and tables."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.pages import covers
from tests.dialogue.helpers import conversation_from_polis, conversation_with_votes, two_camps
from verkstad.dialogue.snapshots import map_compute

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
EXPORTS = Path(os.environ.get("VERKSTAD_SHARED_DATA", SHARED_DATA)) / "polis"
PREFIXES = ["", "/en"]
TYPES = ["kommun", "skola", "fackforbund", "arbetsgivare", ""]


@pytest.fixture
def conversations(transactional_db) -> None:
    london = conversation_from_polis(
        EXPORTS / "london.youth.policing",
        actor_type_of=lambda n: TYPES[n % 5],
        slug="london",
    )
    map_compute(london.pk)
    camps, _, _ = conversation_with_votes(
        two_camps(), actor_types=["kommun"] * 8 + ["fackforbund"] * 8, slug="lager"
    )
    map_compute(camps.pk)
    few, _, _ = conversation_with_votes([[1, -1], [0, 1]], slug="fa-roster")
    map_compute(few.pk)
    conversation_with_votes([[1]], slug="ingen-karta")


@covers("dialogue:report")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_every_report_passes_axe_in_both_languages(visit, conversations, prefix):
    for slug in ("london", "lager", "fa-roster", "ingen-karta"):
        page = visit.open(f"{prefix}/dialog/{slug}/resultat/")
        assert page.locator("html").get_attribute("lang") == ("en" if prefix else "sv"), slug
        assert page.locator("main h1").count() == 1, slug
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{slug}: horizontal scroll of {overflow}px"
    page = visit.open(f"{prefix}/dialog/london/resultat/")
    assert page.locator("svg.dr-map[role=img] title").count() == 1
    assert page.locator("svg.dr-map text.dr-label__text").count() >= 2
    assert page.locator("table").count() >= 5


def test_the_report_fits_a_phone_and_prints(visit, conversations):
    visit.page.set_viewport_size({"width": 320, "height": 900})
    page = visit.open("/dialog/london/resultat/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"horizontal scroll of {overflow}px"
    page.emulate_media(media="print")
    assert page.locator(".breadcrumbs").is_hidden()
    assert page.locator("svg.dr-map").is_visible()


@covers("dialogue:report_json")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_report_json(visit, conversations, prefix):
    response = visit.page.request.get(f"{visit.base_url}{prefix}/dialog/london/resultat.json")
    assert response.status == 200
    payload = response.json()
    assert payload["status"] == "ok"
    assert payload["counts"]["placed"] == 24
    assert all(g["size"] is None or g["size"] >= 5 for g in payload["groups"])


@pytest.fixture
def finding_with_results(transactional_db):
    from verkstad.knowledge.loader import content_load, default_content_path
    from verkstad.knowledge.models import Finding

    assert content_load(path=default_content_path()).ok
    finding = Finding.objects.filter(status="published").first()
    _, _, statements = conversation_with_votes([[1, -1, 0]] * 6, slug="fynd")
    for statement in statements[:2]:
        statement.finding = finding
        statement.save()
    return finding


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_finding_card_shows_what_participants_said(visit, finding_with_results, lang):
    from django.utils import translation

    with translation.override(lang):
        url = finding_with_results.get_absolute_url()
    page = visit.open(url)
    section = page.locator("section.finding-results")
    assert section.count() == 1
    assert section.locator("li").count() == 2
    assert section.locator("a[href$='/dialog/fynd/resultat/']").count() == 2
