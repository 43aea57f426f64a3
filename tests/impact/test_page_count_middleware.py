"""Reach without tracking: one counter per page and day, no cookie, no address, no user."""

from __future__ import annotations

import pytest
from django.db import DatabaseError
from django.http import FileResponse, HttpResponse
from django.test import Client, RequestFactory
from django.urls import resolve
from django.utils import timezone, translation

from verkstad.impact.middleware import PageCountMiddleware, page_kind
from verkstad.impact.models import PageCount
from verkstad.impact.services import page_count_increment

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/142.0 Safari/537.36"
ADDRESS = "203.0.113.77"


def _request(path: str, agent: str = BROWSER, method: str = "get", **headers):
    request = getattr(RequestFactory(), method)(
        path, HTTP_USER_AGENT=agent, REMOTE_ADDR=ADDRESS, **headers
    )
    with translation.override("en" if path.startswith("/en/") else "sv"):
        request.resolver_match = resolve(path.split("?")[0])
    return request


def _html(status: int = 200) -> HttpResponse:
    return HttpResponse("<!doctype html><title>x</title>", status=status)


def test_it_counts_a_page_view_per_path_and_day():
    middleware = PageCountMiddleware(lambda request: _html())
    for _i in range(3):
        middleware(_request("/kunskap/"))
    middleware(_request("/en/kunskap/"))
    rows = {(r.path, r.view_name, r.kind, r.count) for r in PageCount.objects.all()}
    assert rows == {
        ("/kunskap/", "knowledge:finding_list", "page", 3),
        ("/en/kunskap/", "knowledge:finding_list", "page", 1),
    }
    assert PageCount.objects.get(path="/kunskap/").day == timezone.localdate()


def test_it_sets_no_cookie_and_stores_no_address_or_user(client, settings):
    response = PageCountMiddleware(lambda request: _html())(_request("/kunskap/?q=mitt+namn"))
    assert response.cookies == {}
    assert "Set-Cookie" not in response
    stored = list(PageCount.objects.values())
    assert stored and ADDRESS not in repr(stored) and "mitt" not in repr(stored)
    # The model has no place for an address, an agent, a referrer or a person.
    fields = {f.name for f in PageCount._meta.get_fields()}
    assert fields == {"id", "day", "path", "view_name", "kind", "count"}
    # Through the whole stack: counting adds no cookie to what the page sets anyway.
    response = client.get("/om-projektet/", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200
    assert PageCount.objects.filter(path="/om-projektet/").exists()
    with_counter = set(response.cookies)
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "PageCount" not in m]
    without = Client().get("/om-projektet/", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR=ADDRESS)
    assert with_counter == set(without.cookies)
    assert PageCount.objects.get(path="/om-projektet/").count == 1


@pytest.mark.parametrize(
    ("path", "agent", "headers", "response"),
    [
        ("/kunskap/", "Googlebot/2.1 (+http://www.google.com/bot.html)", {}, _html()),
        ("/kunskap/", "", {}, _html()),
        ("/kunskap/", "curl/8.5.0", {}, _html()),
        ("/kunskap/", BROWSER, {"HTTP_HX_REQUEST": "true"}, _html()),
        ("/kunskap/", BROWSER, {"HTTP_X_REQUESTED_WITH": "live"}, _html()),
        ("/kunskap/", BROWSER, {"HTTP_SEC_PURPOSE": "prefetch"}, _html()),
        ("/delta/ABCDEF/", BROWSER, {}, _html()),
        ("/delta/ABCDEF/fraga/", BROWSER, {"HTTP_X_REQUESTED_WITH": "live"}, _html()),
        ("/kunskap/", BROWSER, {}, _html(404)),
        ("/kunskap/", BROWSER, {}, HttpResponse("{}", content_type="application/json")),
        ("/healthz", BROWSER, {}, HttpResponse("ok", content_type="text/plain")),
        ("/admin/", BROWSER, {}, _html()),
        ("/paverkan/", BROWSER, {}, _html()),
    ],
)
def test_it_does_not_count(path, agent, headers, response):
    request = _request(path, agent, **headers)
    assert page_kind(request, response) is None


def test_it_counts_only_get():
    assert page_kind(_request("/kunskap/", method="post"), _html()) is None
    assert page_kind(_request("/kunskap/", method="head"), _html()) is None


def test_static_files_are_never_counted(client):
    client.get("/static/verkstad/css/verkstad.css", HTTP_USER_AGENT=BROWSER)
    assert not PageCount.objects.exists()


def test_downloads_are_counted_as_downloads(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.7")
    request = _request("/underlag/20/kommun/sv/pdf/")
    assert page_kind(request, FileResponse(pdf.open("rb"))) == "download"
    csv = HttpResponse("a,b", content_type="text/csv; charset=utf-8")
    csv["Content-Disposition"] = 'attachment; filename="x.csv"'
    assert page_kind(_request("/traffar/"), csv) == "download"


def test_a_database_error_costs_the_reader_nothing(monkeypatch, caplog):
    def locked(**kwargs):
        raise DatabaseError("database is locked")

    monkeypatch.setattr("verkstad.impact.middleware.page_count_increment", locked)
    response = PageCountMiddleware(lambda request: _html())(_request("/kunskap/"))
    assert response.status_code == 200
    assert "not stored" in caplog.text


def test_the_upsert_loses_no_count():
    for _i in range(50):
        page_count_increment(path="/om-projektet/", view_name="core:about", kind="page")
    assert PageCount.objects.get().count == 50


def test_a_counted_page_costs_one_query(django_assert_num_queries):
    middleware = PageCountMiddleware(lambda request: _html())
    middleware(_request("/om-projektet/"))
    with django_assert_num_queries(1):
        middleware(_request("/om-projektet/"))
