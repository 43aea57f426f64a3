from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory

LOGIN = "/konto/logga-in/"


def _post(client: Client, email: str, password: str, **extra: str):
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


def test_it_shows_an_email_labelled_form(client, db):
    response = client.get(LOGIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="username"' in html
    assert 'type="email"' in html
    assert 'autocomplete="email"' in html
    assert 'autocomplete="current-password"' in html
    assert 'for="id_username"' in html


def test_it_signs_in_with_email_in_any_case(client, participant_per):
    response = _post(client, "PER@Example.SE", TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:my_data")
    assert client.session["_auth_user_id"] == str(participant_per.pk)


def test_it_lands_in_the_persons_own_language(client, db):
    UserFactory(email="anna@example.se", preferred_language="en")
    response = _post(client, "anna@example.se", TEST_PASSWORD)
    assert response["Location"] == "/en/konto/mina-uppgifter/"


def test_it_follows_a_safe_next_but_not_an_outside_one(client, participant_per):
    response = client.post(
        LOGIN + "?next=/om-projektet/", {"username": "per@example.se", "password": TEST_PASSWORD}
    )
    assert response["Location"] == "/om-projektet/"
    client.logout()
    response = client.post(
        LOGIN + "?next=https://evil.example/",
        {"username": "per@example.se", "password": TEST_PASSWORD},
    )
    assert response["Location"] == reverse("accounts:my_data")


def test_a_wrong_password_gives_a_clear_error_and_no_session(client, participant_per):
    response = _post(client, "per@example.se", "fel-losenord")
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "data",
    [{}, {"username": "not-an-email", "password": "x"}, {"username": "a" * 500, "password": ""}],
)
def test_bad_input_never_fails_the_server(client, db, data):
    response = client.post(LOGIN, data)
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()


def test_a_signed_in_person_is_sent_on(client, participant_per):
    client.force_login(participant_per)
    assert client.get(LOGIN).status_code == 302


def test_five_failures_lock_out_that_address_from_that_client(client, participant_per, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        assert _post(client, "per@example.se", "fel-losenord").status_code == 200
    locked = _post(client, "Per@example.se", "fel-losenord")
    assert locked.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in locked.templates]
    # Even the right password is refused while locked out.
    assert _post(client, "per@example.se", TEST_PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    # The lock is per address and client: another client still gets in.
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert _post(other, "per@example.se", TEST_PASSWORD).status_code == 302


def test_the_lockout_page_is_friendly_in_both_languages(client, participant_per):
    for _ in range(5):
        response = client.post(
            "/en" + LOGIN, {"username": "per@example.se", "password": "fel-losenord"}
        )
    html = response.content.decode()
    assert response.status_code == 429
    assert '<html lang="en">' in html
    assert "Too many attempts to sign in" in html
    assert "15 minutes" in html
    assert 'href="/en/konto/losenord/"' in html
    swedish = client.post(LOGIN, {"username": "per@example.se", "password": "fel-losenord"})
    assert swedish.status_code == 429
    assert '<html lang="sv">' in swedish.content.decode()


def test_a_success_clears_earlier_failures(client, participant_per):
    for _ in range(3):
        _post(client, "per@example.se", "fel-losenord")
    assert AccessAttempt.objects.filter(username="per@example.se").exists()
    assert _post(client, "per@example.se", TEST_PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="per@example.se").exists()
