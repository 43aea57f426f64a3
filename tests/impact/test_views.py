"""The editors' impact pages: who may see them, the period filter, the report's formats."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.impact.conftest import attendance_make, votes_make
from verkstad.impact.models import KnowledgeUse
from verkstad.impact.services import knowledge_use_record

pytestmark = pytest.mark.django_db

PAGES = ["dashboard", "report_html", "report_csv", "report_pdf", "use_list", "use_create"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_people_are_sent_to_sign_in(client, name):
    response = client.get(reverse(f"impact:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("persona", ["participant_per", "facilitator_fia", "moderator_maja"])
def test_people_without_the_impact_capability_get_403(request, client, name, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(f"impact:{name}")).status_code == 403


@pytest.mark.parametrize("name", ["dashboard", "report_html", "use_list", "use_create"])
@pytest.mark.parametrize("persona", ["editor_eva", "staff_sam"])
def test_editors_and_staff_see_the_pages(request, client, name, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse(f"impact:{name}"))
    assert response.status_code == 200
    assert b" style=" not in response.content


@pytest.fixture
def eva(client, editor_eva):
    client.force_login(editor_eva)
    return client


@pytest.mark.parametrize("name", ["dashboard", "report_html", "report_csv", "report_pdf"])
def test_a_period_that_ends_before_it_starts_is_refused_with_a_message(eva, name):
    with translation.override("en"):
        url = reverse(f"impact:{name}")
    response = eva.get(url, {"fran": "2026-06-30", "till": "2026-01-01"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "The period starts (" in html and "after it ends" in html
    assert 'class="error-summary"' in html


@pytest.mark.parametrize(
    "query",
    [
        {"fran": "2026-13-45"},
        {"till": "igår"},
        {"fran": "0001-01-01"},
        {"till": "9999-12-31"},
        {"fran": "2026-01-01\x00"},
        {"fran": "2026-01-01", "till": "2026-01-01" * 50},
    ],
)
def test_malformed_dates_get_a_form_error_never_a_500(eva, query):
    for name in ["dashboard", "report_csv", "report_pdf"]:
        response = eva.get(reverse(f"impact:{name}"), query)
        assert response.status_code == 400, (name, query)
        assert b'class="error-summary"' in response.content


def test_a_period_with_one_end_or_none_is_completed(eva):
    today = timezone.localdate()
    response = eva.get(reverse("impact:dashboard"), {"fran": "2026-01-01"})
    assert response.status_code == 200
    assert response.context["period"].end == max(today, response.context["period"].start)
    response = eva.get(reverse("impact:dashboard"))
    assert response.context["period"].end == today
    assert (today - response.context["period"].start).days == 364
    assert eva.get(reverse("impact:dashboard"), {"fran": "", "till": ""}).status_code == 200


def _data(finding):
    votes_make(finding=finding, people={"kommun": 9, "skola": 2, "region": 5})
    attendance_make(finding=finding, people={"fackforbund": 5})
    for _i in range(5):
        knowledge_use_record(finding=finding, channel="brief", actor_type="kommun")
    KnowledgeUse.objects.create(
        finding=finding, channel="meeting", outcome="cited_decision",
        organisation_name="Region Dalarna", municipality_code="2081",
        reference="Regionstyrelsen § 12/2026", url="https://example.se/beslut-12",
        day=timezone.localdate() - timedelta(days=2),
    )  # fmt: skip


def test_the_csv_holds_every_figure_with_small_cells_blank(eva, finding):
    _data(finding)
    response = eva.get(reverse("impact:report_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == [
        "period_start", "period_end", "section", "table", "row_key", "row_label",
        "column_key", "column_label", "value", "suppressed", "reference", "link",
    ]  # fmt: skip

    def cell(table, row, column):
        (match,) = [
            r for r in rows if (r["table"], r["row_key"], r["column_key"]) == (table, row, column)
        ]
        return match["value"], match["suppressed"]

    assert cell("engagement-by-actor", "kommun", "dialogue_participants") == ("9", "0")
    assert cell("engagement-by-actor", "skola", "dialogue_participants") == ("", "1")
    assert cell("engagement-by-actor", "region", "dialogue_participants") == ("", "1")
    assert cell("engagement-by-actor", "total", "dialogue_participants") == ("16", "0")
    assert cell("engagement-by-actor", "fackforbund", "meeting_attendance") == ("5", "0")
    assert cell("use-by-finding", finding.slug, "brief") == ("5", "0")
    assert cell("use-by-finding", finding.slug, "dialogue") == ("16", "0")
    citations = [r for r in rows if r["section"] == "citations"]
    assert citations[0]["link"] == "https://example.se/beslut-12"
    assert "Regionstyrelsen § 12/2026" in citations[0]["reference"]
    # No suppressed cell gives its number away anywhere in the file.
    for r in rows:
        if r["suppressed"] == "1":
            assert r["value"] == ""


def test_the_html_report_has_tables_charts_and_the_codebook(eva, finding):
    _data(finding)
    with translation.override("en"):
        html = eva.get("/en/paverkan/rapport/").content.decode()
    assert "Codebook" in html and "<code>suppressed</code>" in html
    assert "<code>dialogue_participants</code>" in html
    assert html.count('<svg class="chart"') >= 2
    for svg_id in ("engagement-by-actor-chart-title", "use-by-actor-chart-title"):
        assert svg_id in html
    assert "Regionstyrelsen § 12/2026" in html
    assert "fewer than 5" in html
    assert " style=" not in html


def test_every_chart_has_a_table(eva, finding):
    _data(finding)
    html = eva.get(reverse("impact:dashboard")).content.decode()
    assert html.count('<svg class="chart"') >= 1
    assert html.count("<table") >= html.count('<svg class="chart"')


def test_the_pdf_report_reads_as_text(eva, finding):
    from pypdf import PdfReader

    _data(finding)
    with translation.override("en"):
        response = eva.get("/en/paverkan/rapport.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Funder report" in text
    assert "Codebook" in text
    assert "Regionstyrelsen § 12/2026" in text
    assert "Dialogue participants" in text
    assert "page 1 of" in text


def test_an_editor_records_a_citation(eva, finding, editor_eva):
    data = {
        "finding": finding.pk,
        "outcome": "cited_plan",
        "channel": "brief",
        "organisation_name": "Borlänge kommun",
        "actor_type": "kommun",
        "municipality_code": "2081",
        "reference": "Översiktsplan 2040, s. 34",
        "url": "https://example.se/op2040.pdf",
        "day": "2026-03-15",
        "note": "",
    }
    response = eva.post(reverse("impact:use_create"), data)
    assert response.status_code == 302
    use = KnowledgeUse.objects.get()
    assert (use.recorded_by, use.automatic, use.county_code) == (editor_eva, False, "20")
    assert "Översiktsplan 2040" in eva.get(reverse("impact:use_list")).content.decode()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"reference": ""}, "reference"),
        ({"municipality_code": "9981"}, "municipality_code"),
        ({"municipality_code": "20"}, "municipality_code"),
        ({"day": "2999-01-01"}, "day"),
        ({"day": "15/3"}, "day"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"finding": "999999"}, "finding"),
        ({"outcome": "reached"}, "outcome"),
        ({"organisation_name": ""}, "organisation_name"),
    ],
)
def test_a_bad_record_gets_form_errors(eva, finding, change, field):
    data = {
        "finding": finding.pk, "outcome": "cited_plan", "channel": "brief",
        "organisation_name": "Borlänge kommun", "actor_type": "", "municipality_code": "",
        "reference": "Plan", "url": "", "day": "2026-03-15", "note": "",
    } | change  # fmt: skip
    response = eva.post(reverse("impact:use_create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not KnowledgeUse.objects.exists()


def test_the_editor_who_recorded_is_in_their_data_and_forgotten_on_erasure(eva, finding,
                                                                          editor_eva):  # fmt: skip
    from verkstad.accounts.personal_data import personal_data_export
    from verkstad.accounts.services import account_erase

    use = KnowledgeUse.objects.create(
        finding=finding, channel="brief", outcome="commitment", organisation_name="IF Metall",
        reference="Avdelningens handlingsplan", recorded_by=editor_eva,
    )  # fmt: skip
    section = personal_data_export(user=editor_eva)["sections"]["impact"]
    assert section["knowledge_use_records"][0]["reference"] == "Avdelningens handlingsplan"
    account_erase(user=editor_eva)
    use.refresh_from_db()
    assert use.recorded_by is None and use.reference == "Avdelningens handlingsplan"


def test_editors_record_and_read_in_the_admin_but_never_edit_counters(client, editor_eva, finding):
    from verkstad.impact.models import PageCount

    client.force_login(editor_eva)
    counter = knowledge_use_record(finding=finding, channel="brief")
    PageCount.objects.create(day=timezone.localdate(), path="/om-projektet/", kind="page", count=9)
    assert client.get("/admin/impact/knowledgeuse/").status_code == 200
    assert client.get("/admin/impact/knowledgeuse/add/").status_code == 200
    assert client.get("/admin/impact/pagecount/").status_code == 200
    assert client.get("/admin/impact/pagecount/add/").status_code == 403
    response = client.post(
        f"/admin/impact/knowledgeuse/{counter.pk}/change/", {"count": 999, "channel": "brief"}
    )
    assert response.status_code == 403
    counter.refresh_from_db()
    assert counter.count == 1


def test_facilitators_have_no_impact_admin(client, facilitator_fia):
    client.force_login(facilitator_fia)
    assert client.get("/admin/impact/knowledgeuse/").status_code == 403
