from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from verkstad.urls import urlpatterns as real_patterns


def _raise_denied(request):
    raise PermissionDenied


def _raise_bad(request):
    raise SuspiciousOperation("bad")


def _raise_error(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("test/denied/", _raise_denied),
    path("test/bad/", _raise_bad),
    path("test/error/", _raise_error),
    *real_patterns,
]
handler400 = "verkstad.core.views.bad_request"
handler403 = "verkstad.core.views.permission_denied"
handler404 = "verkstad.core.views.page_not_found"
handler500 = "verkstad.core.views.server_error"


@pytest.fixture
def error_client(client, settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    client.raise_request_exception = False
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url,status,lang,text",
    [
        ("/finns-inte/", 404, "sv", "Vi hittade inte sidan"),
        ("/en/finns-inte/", 404, "en", "We could not find that page"),
        ("/test/denied/", 403, "sv", "Du har inte tillgång till sidan"),
        ("/test/bad/", 400, "sv", "Vi kunde inte förstå anropet"),
        ("/test/error/", 500, "sv", "Något gick fel hos oss"),
    ],
)
def test_error_pages_are_friendly_and_in_the_users_language(error_client, url, status, lang, text):
    response = error_client.get(url)
    assert response.status_code == status
    body = response.content.decode()
    assert f'<html lang="{lang}">' in body
    assert text in body


@pytest.mark.django_db
def test_csrf_failure_is_explained_in_swedish(client):
    client.handler.enforce_csrf_checks = True
    response = client.post("/konto/logga-in/", {"username": "a@b.se", "password": "x"})
    assert response.status_code == 403
    assert "Formuläret kunde inte skickas" in response.content.decode()
