"""The finding card: every part of it, both languages, and who may see drafts."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from tests.factories import ConversationFactory
from tests.knowledge.conftest import MAY_PREVIEW, PERSONAS, page, section, set_status, shows
from verkstad.accounts.models import ActorType
from verkstad.knowledge.models import EditorialStatus, Finding

F1 = "digitalisering-ar-en-komplex-process"


def url(slug: str, lang: str = "sv") -> str:
    with translation.override(lang):
        return reverse("knowledge:finding_detail", args=[slug])


def test_the_urls_are_swedish_by_default_and_prefixed_in_english():
    assert url(F1) == f"/kunskap/fynd/{F1}/"
    assert url(F1, "en") == f"/en/kunskap/fynd/{F1}/"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_card_shows_every_part_in_the_page_language(content, client, lang):
    finding = Finding.objects.get(slug=F1)
    html = page(client.get(url(F1, lang)))
    assert f'<html lang="{lang}">' in html
    for field in ("title", "claim", "summary", "strength_reason", "sample", "context"):
        text = getattr(finding, f"{field}_{lang}")
        assert shows(html, text), field
    other = "en" if lang == "sv" else "sv"
    assert finding.claim_sv != finding.claim_en
    assert not shows(html, getattr(finding, f"claim_{other}"))
    band = section(html, 'class="headline-band"', "</section>")
    assert "3 " in band and "5" in band
    assert reverse("knowledge:evidence_rubric") + "#strength-3" in band
    assert finding.get_evidence_type_display() in band
    assert "8 " in band  # companies, where the source says


def test_technical_and_organisational_sides_stand_side_by_side(content, client):
    finding = Finding.objects.get(slug=F1)
    html = page(client.get(url(F1, "en")))
    mechanism = section(html, 'class="two-col mechanism"', 'id="context-heading"')
    technical = escape(finding.mechanism_technical_en)
    organisational = escape(finding.mechanism_organisational_en)
    assert technical in mechanism and organisational in mechanism
    assert mechanism.index(technical) < mechanism.index(organisational)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_what_it_means_has_one_section_per_actor_type_in_order(content, client, lang):
    finding = Finding.objects.get(slug=F1)
    html = page(client.get(url(F1, lang)))
    audiences = list(finding.audiences.all())
    assert len(audiences) >= 2
    positions = []
    for audience in audiences:
        marker = f'<section class="audience" id="for-{audience.actor_type}"'
        assert marker in html
        assert f'href="#for-{audience.actor_type}"' in html
        block = section(html, marker, "</section>")
        assert shows(block, getattr(audience, f"text_{lang}"))
        positions.append((ActorType.values.index(audience.actor_type), html.index(marker)))
    assert sorted(positions) == sorted(positions, key=lambda p: p[1])


def test_sources_have_full_citations_locators_and_export_links(content, client):
    finding = Finding.objects.get(slug=F1)
    citation = finding.citations.first()
    citation.locator = "s. 12"
    citation.save()
    html = page(client.get(url(F1)))
    sources = section(html, 'id="sources-heading"', "</section>")
    for cited in finding.citations.select_related("source"):
        assert cited.source.get_absolute_url() in sources
        assert cited.source.get_verification_display() in sources
    assert "s. 12" in sources
    export = reverse("knowledge:citation_export", args=["bib"]) + f"?f={F1}"
    assert export in sources
    assert reverse("knowledge:citation_export", args=["ris"]) + f"?f={F1}" in sources
    assert reverse("knowledge:citation_export", args=["json"]) + f"?f={F1}" in sources


def test_a_journal_source_is_cited_with_volume_issue_pages_and_doi(content, client):
    finding = Finding.objects.filter(sources__code="P6").first()
    html = page(client.get(url(finding.slug, "en")))
    assert "Gender, Work &amp; Organization</span>, 27(6), 1321–1345." in html
    assert 'href="https://doi.org/10.1111/gwao.12489"' in html


def test_the_verification_badge_and_note_are_visible(content, client):
    finding = Finding.objects.filter(verification="unverified").exclude(verification_note_en="")[0]
    html = page(client.get(url(finding.slug, "en")))
    checked = section(html, 'id="verification-heading"', "</section>")
    assert 'class="badge badge--warning"' in checked
    assert finding.get_verification_display() in checked
    assert shows(checked, finding.verification_note_en)


def test_themes_questions_and_related_findings_are_linked(content, client):
    finding = Finding.objects.filter(questions__isnull=False, related__isnull=False).first()
    html = page(client.get(url(finding.slug)))
    for theme in finding.themes.all():
        assert theme.get_absolute_url() in html
    for question in finding.questions.all():
        assert question.get_absolute_url() in html
    related = section(html, 'id="related-heading"', "</section>")
    for other in finding.related.all():
        assert other.get_absolute_url() in related


def test_an_unpublished_related_finding_is_not_linked(content, client):
    finding = Finding.objects.get(slug=F1)
    hidden = finding.related.first()
    set_status(hidden.slug, EditorialStatus.DRAFT)
    html = page(client.get(url(F1)))
    assert hidden.get_absolute_url() not in html


def test_the_discuss_box_appears_once_a_conversation_takes_up_the_finding(content, client):
    assert 'id="discuss-heading"' not in page(client.get(url(F1, "en")))
    conversation = ConversationFactory(slug="om-f1", topic_en="Talking about F1")
    conversation.findings.add(Finding.objects.get(slug=F1))
    html = page(client.get(url(F1, "en")))
    assert 'id="discuss-heading"' in html
    assert 'href="/en/dialog/om-f1/"' in html


def test_easy_read_version_is_shown_when_there_is_one(content, client):
    finding = Finding.objects.get(slug=F1)
    assert 'id="easy-read-heading"' not in page(client.get(url(F1)))
    finding.easy_read_sv = "Teknik och arbete hör ihop."
    finding.save()
    html = page(client.get(url(F1)))
    assert 'id="easy-read-heading"' in html and "Teknik och arbete hör ihop." in html


def test_dates_follow_the_page_language(content, client):
    finding = Finding.objects.get(slug=F1)
    # The page shows Swedish time: near midnight UTC that is already the next day.
    shown = timezone.localtime(finding.updated_at)
    with translation.override("sv"):
        from django.utils.formats import date_format

        swedish = date_format(shown, "DATE_FORMAT")
    with translation.override("en"):
        english = date_format(shown, "DATE_FORMAT")
    assert swedish != english
    assert swedish in page(client.get(url(F1)))
    assert english in page(client.get(url(F1, "en")))


def test_an_unknown_finding_is_not_found(content, client):
    assert client.get(url("finns-inte")).status_code == 404


@pytest.mark.parametrize("status", [EditorialStatus.DRAFT, EditorialStatus.REVIEW])
@pytest.mark.parametrize("persona", PERSONAS)
def test_only_editors_may_preview_unpublished_findings(content, as_persona, persona, status):
    set_status(F1, status)
    response = as_persona(persona).get(url(F1, "en"))
    if persona in MAY_PREVIEW:
        html = page(response)
        assert 'class="draft-banner"' in html
        assert shows(html, Finding.objects.get(slug=F1).title_en)
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_sees_a_published_finding_without_a_banner(content, as_persona, persona):
    html = page(as_persona(persona).get(url(F1)))
    assert 'class="draft-banner"' not in html
