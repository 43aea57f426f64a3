from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from verkstad.accounts.models import Consent, ConsentPurpose, User

SIGNUP = "/konto/skapa-konto/"
GOOD = {
    "email": "Ny.Person@Example.se",
    "display_name": "",
    "password1": "ett-bra-nytt-losen-77",
    "password2": "ett-bra-nytt-losen-77",
    "accept_privacy": "on",
}


def test_it_shows_the_form_with_a_link_to_the_privacy_notice(client, db):
    html = client.get(SIGNUP).content.decode()
    assert f'href="{reverse("core:privacy")}"' in html
    assert 'autocomplete="new-password"' in html
    assert 'autocomplete="email"' in html
    for name in ("email", "display_name", "password1", "password2", "accept_privacy"):
        assert f'for="id_{name}"' in html


def test_it_creates_the_account_records_consent_and_signs_in(client, db, settings):
    response = client.post(SIGNUP, GOOD)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:my_data")
    user = User.objects.get()
    assert user.email == "ny.person@example.se"
    assert user.preferred_language == "sv"
    assert user.check_password(GOOD["password1"])
    consent = Consent.objects.get(user=user)
    assert consent.purpose == ConsentPurpose.PRIVACY_NOTICE
    assert consent.version == settings.VERKSTAD_PRIVACY_VERSION
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signing_up_on_the_english_site_prefers_english(client, db):
    response = client.post("/en" + SIGNUP, GOOD)
    assert response["Location"] == "/en/konto/mina-uppgifter/"
    assert User.objects.get().preferred_language == "en"


def test_an_existing_email_in_another_case_gives_a_clear_error(client, db):
    UserFactory(email="ny.person@example.se")
    response = client.post("/en" + SIGNUP, GOOD)
    html = response.content.decode()
    assert response.status_code == 200
    assert "already an account with this e-mail address" in html
    assert 'aria-describedby="id_email_error"' in html
    assert User.objects.count() == 1


def test_the_privacy_notice_must_be_accepted(client, db):
    response = client.post("/en" + SIGNUP, {**GOOD, "accept_privacy": ""})
    assert "accept the privacy notice" in response.content.decode()
    assert not User.objects.exists()


def test_passwords_must_match_and_be_strong(client, db):
    response = client.post(SIGNUP, {**GOOD, "password2": "something-else-1"})
    assert response.status_code == 200
    response = client.post(SIGNUP, {**GOOD, "password1": "12345", "password2": "12345"})
    assert response.status_code == 200
    assert 'id="id_password2_error"' in response.content.decode()
    assert not User.objects.exists()


def test_it_follows_a_safe_next(client, db):
    response = client.post(SIGNUP + "?next=/om-projektet/", GOOD)
    assert response["Location"] == "/om-projektet/"


@pytest.mark.parametrize(
    "data",
    [{}, {"email": "x"}, {**GOOD, "email": "a" * 300 + "@example.se"}, {"accept_privacy": "1"}],
)
def test_bad_input_never_fails_the_server(client, db, data):
    response = client.post(SIGNUP, data)
    assert response.status_code == 200
    assert 'class="error-summary" role="alert"' in response.content.decode()


def test_a_signed_in_person_is_sent_to_their_data(client, participant_per):
    client.force_login(participant_per)
    assert client.get(SIGNUP)["Location"] == reverse("accounts:my_data")
