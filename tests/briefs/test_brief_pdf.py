"""The PDF: its text (read with pypdf), storage, re-rendering and failed renders."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.formats import number_format

from tests.briefs.conftest import pdf_text
from verkstad.briefs import services
from verkstad.briefs.models import Brief
from verkstad.briefs.regions import BriefRegion
from verkstad.briefs.render import brief_pdf
from verkstad.insight.models import RegionYear
from verkstad.knowledge.models import FindingAudience


def _grouped(value: int, lang: str = "sv") -> str:
    with translation.override(lang):
        return " ".join(number_format(value, 0, force_grouping=True).split())


@pytest.fixture
def brief(seeded, media) -> Brief:
    return services.brief_get_or_create(region=BriefRegion("20"), audience="kommun", language="sv")


def test_the_pdf_text_has_the_findings_numbers_and_sources(brief):
    content = services.brief_content(brief=brief)
    text = pdf_text(brief_pdf(content=content))
    for item in content.section("findings").data:
        assert " ".join(item.title.split()) in text, item.title
        assert " ".join(item.for_you.split())[:60] in text, item.number
    numbers = content.section("numbers").data
    year = RegionYear.objects.get(region_id="20", year=numbers.year)
    assert _grouped(year.employees) in text
    assert _grouped(year.metal_employees) in text
    assert "Dalarnas län" in text
    for source in content.sources:
        assert " ".join(source.citation.split())[:50] in text, source.slug
    assert "Källa: SCB, Yrkesregistret" in text  # the data set's attribution
    with translation.override("sv"):
        caveat = translation.gettext(
            "The numbers are for the whole county: the data has no municipality level."
        )
    assert " ".join(caveat.split()) in text


def test_the_pdf_has_page_numbers_a_contents_list_and_tags(brief):
    import io

    from pypdf import PdfReader

    data = brief_pdf(content=services.brief_content(brief=brief))
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 4
    last = reader.pages[-1].extract_text()
    assert f"{len(reader.pages)}" in " ".join(last.split()[-3:])
    assert reader.outline, "headings become bookmarks"
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "sv"
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }
    assert any("DejaVu" in f for f in fonts)


def test_an_english_brief_is_in_english(seeded, media):
    brief = services.brief_get_or_create(region=BriefRegion("20"), audience="kommun", language="en")
    content = services.brief_content(brief=brief)
    text = pdf_text(brief_pdf(content=content))
    assert "What it means for you" in text
    assert content.section("findings").data[0].title in text
    assert _grouped(content.section("numbers").data.employees, "en") in text


def test_the_pdf_is_stored_and_kept_while_the_content_is_unchanged(brief):
    brief = services.brief_pdf_render(brief=brief)
    assert brief.pdf and default_storage.exists(brief.pdf.name)
    assert brief.content_hash and brief.pdf_rendered_at and brief.pdf_error == ""
    first = brief.pdf.name
    again = services.brief_pdf_render(brief=brief)
    assert again.pdf.name == first


def test_a_changed_input_makes_a_new_pdf(brief):
    brief = services.brief_pdf_render(brief=brief)
    old_name, old_hash = brief.pdf.name, brief.content_hash
    audience = FindingAudience.objects.filter(actor_type="kommun").first()
    audience.text_sv = "Helt ny text för kommunen om bruksorten."
    audience.save()
    assert services.brief_pdf_status(brief=brief).state == services.PdfState.RENDERING
    brief = services.brief_pdf_render(brief=brief)
    assert brief.content_hash != old_hash
    assert brief.pdf.name != old_name and not default_storage.exists(old_name)
    assert "Helt ny text för kommunen om bruksorten." in pdf_text(brief.pdf.read())


def test_a_failed_render_keeps_the_previous_pdf_and_records_the_error(brief, monkeypatch):
    brief = services.brief_pdf_render(brief=brief)
    kept = brief.pdf.name
    brief.introduction = "Ny inledning."
    brief.save()

    def broken(**kwargs):
        raise RuntimeError("Pango says no")

    monkeypatch.setattr(services, "brief_pdf", broken)
    brief = services.brief_pdf_render(brief=brief)
    assert brief.pdf.name == kept and default_storage.exists(kept)
    assert "RuntimeError: Pango says no" in brief.pdf_error
    status = services.brief_pdf_status(brief=brief)
    assert status.state == services.PdfState.FAILED and status.has_previous


def test_the_download_renders_in_the_background_and_serves_the_stored_pdf(brief, client):
    response = client.get("/underlag/20/kommun/sv/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    assert services.brief_content(brief=brief).title in pdf_text(data)
    brief.refresh_from_db()
    assert brief.pdf and brief.pdf_requested_hash == brief.content_hash


def test_while_the_pdf_is_made_the_page_says_so_and_offers_the_html(brief, client, monkeypatch):
    monkeypatch.setattr(services, "_pdf_enqueue", lambda brief_id: None)
    response = client.get("/en/underlag/20/kommun/sv/pdf/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "The PDF is being made" in html
    assert 'href="/en/underlag/20/kommun/sv/"' in html
    brief.refresh_from_db()
    assert brief.pdf_requested_hash and brief.pdf_requested_at


def test_a_failed_render_is_explained_and_editors_see_the_error(
    brief, client, editor_eva, monkeypatch
):
    services.brief_pdf_render(brief=brief)
    Brief.objects.filter(pk=brief.pk).update(introduction="Ändrad.")

    def broken(**kwargs):
        raise RuntimeError("Pango says no")

    monkeypatch.setattr(services, "brief_pdf", broken)
    html = client.get("/en/underlag/20/kommun/sv/pdf/").content.decode()
    assert "The PDF could not be made" in html and "Pango says no" not in html
    assert "?tidigare=1" in html
    previous = client.get("/en/underlag/20/kommun/sv/pdf/?tidigare=1")
    assert previous["Content-Type"] == "application/pdf"
    client.force_login(editor_eva)
    assert "Pango says no" in client.get("/en/underlag/20/kommun/sv/pdf/").content.decode()
    assert "Pango says no" in client.get("/en/underlag/20/kommun/sv/").content.decode()


def test_the_page_label_follows_the_translation(monkeypatch):
    from verkstad.briefs import render

    monkeypatch.setattr(render, "_", lambda msgid: "sida %(page)s av %(pages)s")
    assert render._page_css("sv") == (
        '@page { @bottom-right { content: "sida " counter(page) " av " counter(pages); } }'
    )


def test_the_pdf_carries_the_linked_dialogues_outcomes(brief):
    from tests.factories import ConversationFactory, StatementFactory
    from verkstad.dialogue.models import OpinionSnapshot

    conversation = ConversationFactory(topic_sv="Bruksortens framtid i Borlänge")
    StatementFactory(conversation=conversation, number=0, text="Skolan och bruket ska samarbeta.")
    StatementFactory(conversation=conversation, number=1, text="Kommunen ska äga frågan.")
    OpinionSnapshot.objects.create(
        conversation=conversation,
        n_participants=9,
        n_votes=40,
        data={
            "consensus": {"agree": [{"statement_id": 0, "p_success": 0.92}], "disagree": []},
            "divisive": [{"statement_id": 1, "divisiveness": 1.1}],
        },
    )
    brief.conversations.add(conversation)
    text = pdf_text(brief_pdf(content=services.brief_content(brief=brief)))
    assert "Bruksortens framtid i Borlänge" in text
    assert "Skolan och bruket ska samarbeta." in text
    assert "Kommunen ska äga frågan." in text


def test_a_pdf_missing_from_storage_is_made_again(brief, client):
    brief = services.brief_pdf_render(brief=brief)
    default_storage.delete(brief.pdf.name)
    response = client.get("/underlag/20/kommun/sv/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    brief.refresh_from_db()
    assert default_storage.exists(brief.pdf.name)
