from __future__ import annotations

from django.urls import reverse


def test_signing_out_takes_a_post(client, participant_per):
    client.force_login(participant_per)
    assert client.get("/konto/logga-ut/").status_code == 405
    response = client.post("/konto/logga-ut/", follow=True)
    assert response.redirect_chain[0] == (reverse("core:home"), 302)
    assert "_auth_user_id" not in client.session
    assert len(list(response.context["messages"])) == 1


def test_signing_out_when_not_signed_in_is_harmless(client, db):
    response = client.post("/en/konto/logga-ut/")
    assert response.status_code == 302
