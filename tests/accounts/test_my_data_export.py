from __future__ import annotations

import json

from django.test import Client

from tests.factories import ConsentFactory

EXPORT = "/konto/mina-uppgifter/ladda-ner/"


def _download(client: Client) -> dict:
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="verkstad-my-data-')
    assert response["Content-Disposition"].endswith('.json"')
    assert "no-store" in response["Cache-Control"]
    return json.loads(response.content)


def test_it_needs_a_signed_in_person(client, db):
    assert client.get(EXPORT).status_code == 302


def test_it_holds_the_persons_own_data(client, editor_eva):
    ConsentFactory(user=editor_eva, version="2026-11")
    client.force_login(editor_eva)
    data = _download(client)
    assert data["format"] == "verkstad-personal-data"
    sections = data["sections"]
    assert list(sections)[:4] == ["profile", "memberships", "consents", "failed_login_attempts"]
    assert sections["profile"]["email"] == "eva@example.se"
    assert sections["profile"]["display_name"] == "Eva Redaktör"
    [membership] = sections["memberships"]["memberships"]
    assert membership["organisation"] == "NOMP, Mälardalens universitet"
    assert membership["role"] == "editor"
    [consent] = sections["consents"]["consents"]
    assert consent["version"] == "2026-11"
    assert consent["purpose"] == "privacy_notice"


def test_it_holds_nothing_of_another_person(client, participant_per, editor_eva, outsider_olle):
    ConsentFactory(user=editor_eva, version="EVAS-VERSION")
    client.force_login(participant_per)
    body = client.get(EXPORT).content.decode()
    for foreign in ("eva@example.se", "olle@example.se", "EVAS-VERSION", "Fackförbundet", "NOMP"):
        assert foreign not in body
    data = json.loads(body)
    assert data["sections"]["memberships"]["memberships"] == []


def test_it_never_holds_the_password_hash(client, participant_per):
    client.force_login(participant_per)
    body = client.get(EXPORT).content.decode()
    assert participant_per.password not in body
    assert "password" not in body
    assert "md5$" not in body


def test_it_holds_failed_sign_ins_with_the_address(client, participant_per, outsider_olle):
    anonymous = Client(REMOTE_ADDR="10.1.2.3")
    anonymous.post("/konto/logga-in/", {"username": "per@example.se", "password": "fel"})
    anonymous.post("/konto/logga-in/", {"username": "olle@example.se", "password": "fel"})
    client.force_login(participant_per)
    [attempt] = _download(client)["sections"]["failed_login_attempts"]["attempts"]
    assert attempt["failures"] == 1
    assert attempt["ip_address"] == "10.1.2.3"
    assert "fel" not in json.dumps(attempt)
