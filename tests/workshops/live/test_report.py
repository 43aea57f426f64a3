"""The session report: HTML, CSV and PDF; aggregates only, small groups hidden."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import translation

from tests.factories import ConversationFactory, StatementFactory
from verkstad.workshops.live import services
from verkstad.workshops.live.models import Activity, ActivityKind, LiveParticipant
from verkstad.workshops.live.views_report import RoleCell, role_cells, session_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(live_session, poll, join):
    """Nine phones: five say municipality, two union, two school; a poll, a scale, a round."""
    conversation = ConversationFactory()
    statement = StatementFactory(
        conversation=conversation, number=0, text="=Kommunen ska planera för nya yrken."
    )
    scale = Activity.objects.create(
        session=live_session, position=2, kind=ActivityKind.SCALE,
        prompt_sv="Hur väl känner ni till omställningen?", prompt_en="How well do you know it?",
    )  # fmt: skip
    round_ = Activity.objects.create(
        session=live_session, position=3, kind=ActivityKind.STATEMENTS,
        prompt_sv="Ta ställning", prompt_en="Take a stand", conversation=conversation,
    )  # fmt: skip
    for activity in (poll, scale, round_):
        services.control(session=live_session, action="show", activity=activity)
        services.control(session=live_session, action="open", activity=activity)
    phones = [join(live_session, actor_type="kommun", consent="on") for _ in range(5)]
    phones += [join(live_session, actor_type="fackforbund", consent="on") for _ in range(2)]
    phones += [join(live_session, actor_type="skola", consent="on") for _ in range(2)]
    for n, phone in enumerate(phones):
        choice = "o1" if n < 4 else "o2"
        phone.post(f"/delta/{live_session.code}/svar/{poll.pk}/", {"choice": choice})
        phone.post(f"/delta/{live_session.code}/svar/{scale.pk}/", {"value": str(1 + n % 5)})
        phone.post(
            f"/delta/{live_session.code}/svar/{round_.pk}/",
            {"statement": statement.pk, "vote": "agree" if n < 5 else "disagree"},
        )
    return live_session


def _identifiers(session) -> list[str]:
    rows = LiveParticipant.objects.filter(session=session).values_list("key", "number")
    return [str(key) for key, _number in rows] + [key.hex for key, _number in rows]


def test_role_cells_hide_small_groups_and_one_more():
    cells = {c.code: c.count for c in role_cells({"kommun": 9, "skola": 6, "fackforbund": 2})}
    # The union's 2 is hidden, and so is the next smallest, so 2 cannot be worked out.
    assert cells == {"kommun": 9, "skola": None, "fackforbund": None}
    cells = {c.code: c.count for c in role_cells({"kommun": 5, "": 7, "skola": 1, "region": 3})}
    assert cells == {"kommun": 5, "": 7, "skola": None, "region": None}
    with translation.override("en"):
        assert role_cells({"kommun": 5}) == [RoleCell("kommun", "Municipality", 5)]
        # One small group beside one big: both hidden, or the total would give it away.
        assert [c.count for c in role_cells({"kommun": 5, "fackforbund": 2})] == [None, None]


def test_the_html_report_shows_every_activity(client, facilitator_fia, filled):
    client.force_login(facilitator_fia)
    response = client.get(f"/en/traffar/live/{filled.code}/rapport/")
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("Who is responsible for skills?", "How well do you know it?", "Take a stand"):
        assert text in page
    assert "9 phones took part." in page
    assert "4 people answered; " not in page
    assert "The municipality: 4 answers" in page
    assert "Kommunen ska planera" in page
    assert "fewer than 5, hidden" in page  # the union's two, the school's two
    for identifier in _identifiers(filled):
        assert identifier not in page
    assert "participant 1" not in page.lower()


def test_the_csv_has_a_header_results_and_a_codebook(client, facilitator_fia, filled):
    client.force_login(facilitator_fia)
    response = client.get(f"/en/traffar/live/{filled.code}/rapport.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == [
        "section", "activity", "kind", "prompt", "answered", "key", "label", "count",
        "share_percent", "agree", "disagree", "pass", "note",
    ]  # fmt: skip
    by_section: dict[str, list[dict]] = {}
    for row in rows:
        by_section.setdefault(row["section"], []).append(row)
    assert by_section["session"][0]["count"] == "9"
    roles = {r["key"]: r["count"] for r in by_section["actor_type"]}
    assert roles == {"kommun": "5", "fackforbund": "", "skola": ""}
    poll = [r for r in by_section["result"] if r["activity"] == "1"]
    assert [(r["key"], r["count"]) for r in poll] == [("o1", "4"), ("o2", "5"), ("o3", "0")]
    assert poll[0]["answered"] == "9" and poll[0]["note"].startswith("9 people answered")
    statements = [r for r in by_section["result"] if r["kind"] == "statements"]
    assert len(statements) == 1
    assert (statements[0]["agree"], statements[0]["disagree"], statements[0]["pass"]) == (
        "5", "4", "0",
    )  # fmt: skip
    # A text that a spreadsheet would run as a formula is defused.
    assert statements[0]["label"].startswith("'=")
    codebook = {r["key"] for r in by_section["codebook"]}
    assert codebook == set(rows[0])
    for identifier in _identifiers(filled):
        assert identifier not in text


def test_the_pdf_reads_like_the_page(client, facilitator_fia, filled):
    from pypdf import PdfReader

    client.force_login(facilitator_fia)
    response = client.get(f"/en/traffar/live/{filled.code}/rapport.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = " ".join(text.split())
    assert "Who is responsible for skills?" in text
    assert "Take a stand" in text
    assert "9 phones took part." in text
    assert "fewer than 5, hidden" in text
    for identifier in _identifiers(filled):
        assert identifier not in text


def test_the_report_is_for_facilitators(client, participant_per, live_session):
    for suffix in ("rapport/", "rapport.csv", "rapport.pdf"):
        url = f"/traffar/live/{live_session.code}/{suffix}"
        client.logout()
        assert client.get(url).status_code == 302
        client.force_login(participant_per)
        assert client.get(url).status_code == 403


def test_an_unknown_session_is_a_404(client, facilitator_fia):
    client.force_login(facilitator_fia)
    assert client.get("/traffar/live/QQQQQQ/rapport/").status_code == 404
    assert client.get("/traffar/live/QQQQQQ/rapport.csv").status_code == 404


def test_the_meeting_page_and_controls_link_the_report(
    client, facilitator_fia, live_session, live_meeting
):
    client.force_login(facilitator_fia)
    url = f"/traffar/live/{live_session.code}/rapport/"
    assert url in client.get(f"/traffar/{live_meeting.slug}/").content.decode()
    assert url in client.get(f"/traffar/live/{live_session.code}/").content.decode()


def test_an_empty_session_reports_without_error(facilitator_fia, live_session):
    with translation.override("en"):
        report = session_report(live_session)
    assert report.participants == 0 and report.activities == [] and report.roles == []


def test_the_report_lists_every_line_where_the_projector_shows_the_top_ones():
    from verkstad.workshops.live.kinds import Results, Row
    from verkstad.workshops.live.views_report import _in_full

    rows = [Row(str(n), f"Fråga {n}", 10 - n) for n in range(8)]
    results = _in_full(Results(8, rows, extra={"board": rows[:5], "more": 3}))
    assert results.extra["board"] == rows and results.extra["more"] == 0
    plain = _in_full(Results(8, rows, extra={"mean": 2.0}))
    assert plain.extra == {"mean": 2.0}
