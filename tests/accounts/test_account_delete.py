from __future__ import annotations

from django.urls import reverse

from tests.factories import TEST_PASSWORD
from verkstad.accounts.models import User
from verkstad.accounts.signals import account_erasing

DELETE = "/konto/mina-uppgifter/radera-konto/"


def test_it_needs_a_signed_in_person(client, db):
    assert client.get(DELETE)["Location"].startswith(reverse("accounts:login"))


def test_it_says_plainly_what_happens_before_confirming(client, participant_per):
    client.force_login(participant_per)
    response = client.get("/en" + DELETE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "anonymised" in html
    assert "statements, votes" in html
    assert "Your account is deleted" in html
    assert 'autocomplete="current-password"' in html
    assert User.objects.filter(pk=participant_per.pk).exists()


def test_a_wrong_password_deletes_nothing(client, participant_per):
    client.force_login(participant_per)
    response = client.post(DELETE, {"password": "fel-losenord"})
    assert response.status_code == 200
    assert 'aria-describedby="id_password_helptext id_password_error"' in response.content.decode()
    assert User.objects.filter(pk=participant_per.pk).exists()


def test_bad_input_never_fails_the_server(client, participant_per):
    client.force_login(participant_per)
    assert client.post(DELETE, {}).status_code == 200
    assert client.post(DELETE, {"password": "x" * 5000}).status_code == 200


def test_the_right_password_erases_signs_out_and_confirms(client, editor_eva):
    fired = []
    account_erasing.connect(
        lambda sender, user, **kw: fired.append(user.pk), weak=False, dispatch_uid="t-del"
    )
    try:
        client.force_login(editor_eva)
        pk = editor_eva.pk
        response = client.post("/en" + DELETE, {"password": TEST_PASSWORD}, follow=True)
    finally:
        account_erasing.disconnect(dispatch_uid="t-del")
    assert response.redirect_chain == [("/en/", 302)]
    assert fired == [pk]
    assert not User.objects.filter(pk=pk).exists()
    assert "_auth_user_id" not in client.session
    assert "Your account and your personal data are deleted" in response.content.decode()
