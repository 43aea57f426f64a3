from __future__ import annotations

import re

from axes.models import AccessAttempt
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.factories import UserFactory

RESET = "/konto/losenord/"


def _confirm_path(user, prefix: str = "") -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return f"{prefix}/konto/losenord/nytt/{uid}/{token}/"


def test_it_mails_a_link_in_the_persons_language(client, db):
    UserFactory(email="anna@example.se", preferred_language="en")
    response = client.post(RESET, {"email": "Anna@Example.se"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.se"]
    assert "\n" not in message.subject
    assert "Verkstad" in message.subject
    link = re.search(r"https?://\S+", message.body).group(0)
    assert "/en/konto/losenord/nytt/" in link


def test_an_unknown_address_looks_the_same_and_sends_nothing(client, db):
    response = client.post(RESET, {"email": "ingen@example.se"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_bad_input_never_fails_the_server(client, db):
    for data in ({}, {"email": "nope"}, {"email": "x" * 400}):
        assert client.post(RESET, data).status_code == 200


def test_the_link_lets_one_choose_a_new_password_once(client, db):
    user = UserFactory(email="lisa@example.se")
    link = _confirm_path(user)
    response = client.get(link)
    assert response.status_code == 302
    set_password_url = response["Location"]
    assert client.get(set_password_url).context["validlink"] is True
    response = client.post(
        set_password_url,
        {"new_password1": "ett-helt-nytt-losen-9", "new_password2": "ett-helt-nytt-losen-9"},
    )
    assert response["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("ett-helt-nytt-losen-9")
    again = client.get(link)
    assert again.status_code == 200
    assert again.context["validlink"] is False


def test_a_broken_link_says_so_kindly(client, db):
    response = client.get("/en/konto/losenord/nytt/MQ/fel-token/")
    assert response.status_code == 200
    assert "The link does not work" in response.content.decode()


def test_a_new_password_lifts_a_lockout(client, db):
    user = UserFactory(email="lisa@example.se")
    for _ in range(5):
        client.post("/konto/logga-in/", {"username": "lisa@example.se", "password": "fel"})
    assert AccessAttempt.objects.filter(username="lisa@example.se").exists()
    url = client.get(_confirm_path(user))["Location"]
    client.post(
        url, {"new_password1": "nytt-losen-som-duger", "new_password2": "nytt-losen-som-duger"}
    )
    assert not AccessAttempt.objects.filter(username="lisa@example.se").exists()
    response = client.post(
        "/konto/logga-in/", {"username": "lisa@example.se", "password": "nytt-losen-som-duger"}
    )
    assert response.status_code == 302


def test_the_done_and_complete_pages_render(client, db):
    assert client.get("/konto/losenord/skickat/").status_code == 200
    assert client.get("/en/konto/losenord/klart/").status_code == 200
