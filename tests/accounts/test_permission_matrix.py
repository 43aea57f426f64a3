"""Every accounts and core view (and the admin) × every persona → what they get.

``LOGIN`` means a redirect to the sign-in page (for the admin: the admin's own).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.factories import ConsentFactory
from verkstad.accounts.models import ConsentPurpose, User

LOGIN = "login"
PERSONAS = [
    "anonymous",
    "participant_per",
    "moderator_maja",
    "facilitator_fia",
    "editor_eva",
    "staff_sam",
]


@dataclass(frozen=True)
class Row:
    url_name: str
    expected: tuple[int | str, ...]  # one per persona, in PERSONAS order
    method: str = "get"


ALL = lambda status: (status,) * len(PERSONAS)  # noqa: E731 a table helper
SIGNED_IN = lambda status: (LOGIN,) + (status,) * (len(PERSONAS) - 1)  # noqa: E731

MATRIX = [
    Row("core:home", ALL(200)),
    Row("core:about", ALL(200)),
    Row("core:accessibility", ALL(200)),
    Row("core:privacy", ALL(200)),
    Row("healthz", ALL(200)),
    Row("readyz", ALL(200)),
    Row("admin:index", (LOGIN, LOGIN, 200, 200, 200, 200)),
    Row("accounts:login", (200, 302, 302, 302, 302, 302)),
    Row("accounts:logout", ALL(302), method="post"),
    Row("accounts:logout", ALL(405)),
    Row("accounts:signup", (200, 302, 302, 302, 302, 302)),
    Row("accounts:password_reset", ALL(200)),
    Row("accounts:password_reset_done", ALL(200)),
    Row("accounts:password_reset_confirm", ALL(302)),
    Row("accounts:password_reset_complete", ALL(200)),
    Row("accounts:my_data", SIGNED_IN(200)),
    Row("accounts:my_data_export", SIGNED_IN(200)),
    Row("accounts:consent_withdraw", SIGNED_IN(302), method="post"),
    Row("accounts:consent_withdraw", ALL(405)),
    Row("accounts:account_delete", SIGNED_IN(200)),
    Row("accounts:workbench", (LOGIN, 403, 200, 200, 200, 200)),
]

CASES = [
    pytest.param(row, persona, expected, id=f"{row.url_name}-{row.method}-{persona}")
    for row in MATRIX
    for persona, expected in zip(PERSONAS, row.expected, strict=True)
]


def _url(url_name: str, user: User | None, owner: User) -> str:
    if url_name == "accounts:password_reset_confirm":
        uid = urlsafe_base64_encode(force_bytes(owner.pk))
        token = default_token_generator.make_token(owner)
        return reverse(url_name, kwargs={"uidb64": uid, "token": token})
    if url_name == "accounts:consent_withdraw":
        consent = ConsentFactory(user=user or owner, purpose=ConsentPurpose.DECLARED_ROLE)
        return reverse(url_name, args=[consent.pk])
    return reverse(url_name)


@pytest.mark.parametrize(("row", "persona", "expected"), CASES)
def test_permission_matrix(request, client: Client, participant_per, row, persona, expected):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    if user is not None:
        client.force_login(user)
    url = _url(row.url_name, user, owner=participant_per)
    response = getattr(client, row.method)(url)
    if expected == LOGIN:
        assert response.status_code == 302
        login_url = reverse(
            "admin:login" if row.url_name.startswith("admin:") else "accounts:login"
        )
        assert response["Location"].startswith(login_url + "?next=")
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("app", ["accounts", "core"])
def test_every_accounts_and_core_url_is_in_the_matrix(app):
    from importlib import import_module

    names = {f"{app}:{p.name}" for p in import_module(f"verkstad.{app}.urls").urlpatterns}
    assert names == {row.url_name for row in MATRIX if row.url_name.startswith(f"{app}:")}
