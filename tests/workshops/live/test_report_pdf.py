"""The report's PDF is made in the background, kept, remade when the report changes, and a
failed render keeps the previous file and tells the facilitator."""

from __future__ import annotations

import pytest

from verkstad.workshops.live import report_pdf, services
from verkstad.workshops.live.models import ReportFile

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def answered(live_session, poll, join):
    services.control(session=live_session, action="show", activity=poll)
    services.control(session=live_session, action="open")
    join(live_session).post(f"/delta/{live_session.code}/svar/{poll.pk}/", {"choice": "o1"})
    return live_session


def _pdf(client, session):
    return client.get(f"/en/traffar/live/{session.code}/rapport.pdf")


def test_the_pdf_is_kept_and_remade_only_when_the_report_changes(
    client, facilitator_fia, answered, poll, join, monkeypatch
):
    client.force_login(facilitator_fia)
    first = _pdf(client, answered)
    assert first.status_code == 200
    stored = ReportFile.objects.get(session=answered, language="en")
    assert stored.pdf and stored.content_hash

    renders = []
    real = report_pdf.report_pdf_render
    monkeypatch.setattr(
        "verkstad.workshops.live.tasks.report_pdf_render",
        lambda **kw: renders.append(1) or real(**kw),
    )
    assert _pdf(client, answered).status_code == 200
    assert renders == []  # the same report: served from storage
    join(answered).post(f"/delta/{answered.code}/svar/{poll.pk}/", {"choice": "o2"})
    assert _pdf(client, answered).status_code == 200
    assert renders == [1]
    assert ReportFile.objects.get(pk=stored.pk).content_hash != stored.content_hash


def test_a_failed_render_keeps_the_previous_pdf_and_shows_the_error(
    client, facilitator_fia, answered, poll, join, monkeypatch
):
    client.force_login(facilitator_fia)
    assert _pdf(client, answered).status_code == 200
    previous = ReportFile.objects.get(session=answered, language="en").pdf.name

    def broken(report, language):
        raise RuntimeError("no fonts")

    monkeypatch.setattr("verkstad.workshops.live.views_report.report_pdf_bytes", broken)
    join(answered).post(f"/delta/{answered.code}/svar/{poll.pk}/", {"choice": "o3"})
    response = _pdf(client, answered)
    assert response.status_code == 200
    assert b"The PDF could not be made" in response.content
    assert b"RuntimeError: no fonts" in response.content
    assert ReportFile.objects.get(session=answered, language="en").pdf.name == previous
    older = client.get(f"/en/traffar/live/{answered.code}/rapport.pdf?tidigare=1")
    assert older["Content-Type"] == "application/pdf"


def test_ending_a_session_makes_its_pdfs(answered, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.control(session=answered, action="end")
    files = ReportFile.objects.filter(session=answered)
    assert {f.language for f in files if f.pdf} == {"sv", "en"}
