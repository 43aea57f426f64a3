from __future__ import annotations

from django.urls import reverse

from tests.factories import ConsentFactory, MembershipFactory

MY_DATA = "/konto/mina-uppgifter/"


def test_it_needs_a_signed_in_person(client, db):
    response = client.get(MY_DATA)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


def test_it_shows_details_organisations_roles_and_consents(client, editor_eva):
    ConsentFactory(user=editor_eva, purpose="privacy_notice", version="2026-11")
    client.force_login(editor_eva)
    response = client.get("/en" + MY_DATA)
    html = response.content.decode()
    assert response.status_code == 200
    assert "eva@example.se" in html
    assert "NOMP, Mälardalens universitet" in html
    assert "Editor" in html
    assert "2026-11" in html
    assert 'href="/en/konto/mina-uppgifter/ladda-ner/"' in html
    assert "/en/konto/arbetsyta/" in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_it_shows_nothing_of_another_person(client, participant_per, editor_eva):
    ConsentFactory(user=editor_eva, version="OTHER-VERSION")
    client.force_login(participant_per)
    html = client.get(MY_DATA).content.decode()
    assert "eva@example.se" not in html
    assert "OTHER-VERSION" not in html
    assert "/konto/arbetsyta/" not in html


def test_it_saves_the_display_name(client, participant_per):
    client.force_login(participant_per)
    response = client.post(MY_DATA, {"display_name": "Per P", "preferred_language": "sv"})
    assert response["Location"] == MY_DATA
    participant_per.refresh_from_db()
    assert participant_per.display_name == "Per P"


def test_changing_language_moves_to_that_language(client, participant_per):
    client.force_login(participant_per)
    response = client.post(MY_DATA, {"display_name": "", "preferred_language": "en"})
    assert response["Location"] == "/en" + MY_DATA
    participant_per.refresh_from_db()
    assert participant_per.preferred_language == "en"
    assert participant_per.display_name == ""


def test_bad_input_is_refused_without_saving(client, participant_per):
    client.force_login(participant_per)
    response = client.post(MY_DATA, {"display_name": "x" * 500, "preferred_language": "xx"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert 'aria-describedby="id_preferred_language_helptext id_preferred_language_error"' in html
    participant_per.refresh_from_db()
    assert participant_per.preferred_language == "sv"
    assert participant_per.display_name == "Per Deltagare"


def test_a_member_without_a_role_is_listed_as_member(client, participant_per):
    MembershipFactory(user=participant_per)
    client.force_login(participant_per)
    html = client.get("/en" + MY_DATA).content.decode()
    assert "Member" in html
