"""The builder, the HTML brief and the editors' form: as anonymous, participant and editor."""

from __future__ import annotations

import pytest

from tests.factories import ConversationFactory
from verkstad.briefs.models import Brief


def test_the_builder_shows_the_form(seeded, client):
    html = client.get("/underlag/").content.decode()
    assert 'name="lan"' in html and 'name="aktor"' in html and 'name="sprak"' in html
    assert "Dalarnas län" in html


def test_the_builder_sends_valid_choices_to_the_briefs_address(seeded, client):
    response = client.get("/underlag/?lan=20&kommun=&aktor=kommun&sprak=sv")
    assert response.status_code == 302 and response["Location"] == "/underlag/20/kommun/sv/"
    response = client.get("/en/underlag/?lan=20&kommun=2081&aktor=skola&sprak=en")
    assert response["Location"] == "/en/underlag/2081/skola/en/"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("lan=99&aktor=kommun&sprak=sv", "lan"),
        ("lan=20&aktor=rymdvarelse&sprak=sv", "aktor"),
        ("lan=20&aktor=kommun&sprak=de", "sprak"),
        ("lan=20&kommun=0181&aktor=kommun&sprak=sv", "kommun"),
        ("lan=20&kommun=20x1&aktor=kommun&sprak=sv", "kommun"),
    ],
)
def test_bad_builder_input_is_reported_beside_its_field(seeded, client, query, field):
    response = client.get(f"/underlag/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html or (field == "sprak" and "field__error" in html)
    assert 'class="error-summary"' in html


@pytest.mark.parametrize(
    "path",
    [
        "/underlag/99/kommun/sv/",
        "/underlag/2/kommun/sv/",
        "/underlag/0100/kommun/sv/",
        "/underlag/<script>/kommun/sv/",
        "/underlag/20/rymdvarelse/sv/",
        "/underlag/20/kommun/de/",
        "/underlag/20/kommun/de/pdf/",
        "/underlag/99/kommun/sv/redigera/",
    ],
)
def test_bad_addresses_are_404_never_500(seeded, client, editor_eva, path):
    client.force_login(editor_eva)
    assert client.get(path).status_code == 404


def test_the_brief_page_shows_the_brief_in_its_own_language(seeded, client):
    html = client.get("/underlag/20/kommun/en/").content.decode()
    assert '<article class="brief" lang="en">' in html
    assert "What it means for you" in html
    assert "Digitalization and work in Dalarna" in html
    assert "/en/kunskap/fynd/" in html  # finding links in the brief's language
    assert "briefs.css" in html


def test_a_municipality_brief_says_its_numbers_are_the_countys(seeded, client):
    html = client.get("/en/underlag/2081/kommun/en/").content.decode()
    assert "Municipality 2081 in Dalarna" in html or "Municipality 2081 in" in html
    assert "the numbers are for" in html


def test_the_brief_page_creates_no_row(seeded, client):
    client.get("/underlag/20/kommun/sv/")
    assert not Brief.objects.exists()


def test_an_audience_without_findings_says_what_is_missing(seeded, client):
    html = client.get("/en/underlag/20/annan/en/").content.decode()
    assert "What this brief is missing" in html
    assert "No published finding says yet what it means" in html


def test_the_edit_form_is_for_editors_only(seeded, client, participant_per):
    response = client.get("/underlag/20/kommun/sv/redigera/")
    assert response.status_code == 302 and "/konto/" in response["Location"]
    client.force_login(participant_per)
    assert client.get("/underlag/20/kommun/sv/redigera/").status_code == 403
    assert not Brief.objects.exists()


def test_an_editor_adds_an_introduction_and_dialogues(seeded, media, client, editor_eva):
    conversation = ConversationFactory(topic_sv="Bruksortens framtid")
    client.force_login(editor_eva)
    assert client.get("/underlag/20/kommun/sv/redigera/").status_code == 200
    response = client.post(
        "/underlag/20/kommun/sv/redigera/",
        {"introduction": "Till planerarna i Borlänge.", "conversations": [conversation.pk]},
    )
    assert response.status_code == 302 and response["Location"] == "/underlag/20/kommun/sv/"
    brief = Brief.objects.get()
    assert brief.created_by == editor_eva
    assert list(brief.conversations.all()) == [conversation]
    assert brief.pdf, "saving queues a render (the immediate backend runs it)"
    html = client.get("/en/underlag/20/kommun/sv/").content.decode()
    assert "Till planerarna i Borlänge." in html
    assert "Bruksortens framtid" in html
    assert "The PDF is up to date" in html


def test_the_county_page_links_to_the_builder(seeded, client):
    html = client.get("/insikt/lan/20/").content.decode()
    assert "/underlag/?lan=20" in html
