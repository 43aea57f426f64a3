"""The report's figures: derived from dialogue and meetings, registry sources, suppression."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from tests.impact.conftest import attendance_make, finding_make, votes_make
from verkstad.impact.models import KnowledgeUse, PageCount
from verkstad.impact.periods import Period
from verkstad.impact.registry import EngagementRow, KnowledgeUseRow, LikertResult
from verkstad.impact.report import _suppress_column, impact_report
from verkstad.impact.services import knowledge_use_record

pytestmark = pytest.mark.django_db


def _period() -> Period:
    today = timezone.localdate()
    return Period(start=today - timedelta(days=30), end=today)


def _cells(grid) -> dict[str, dict[str, int | None]]:
    columns = [c for c, _l in grid.columns]
    return {row.key: dict(zip(columns, row.cells, strict=True)) for row in grid.rows}


def test_a_column_hides_cells_under_five_and_one_more():
    shown = _suppress_column({"a": (12, 12), "b": (3, 3), "c": (7, 7), "d": (0, 0)})
    assert shown == {"a": 12, "b": None, "c": None, "d": 0}


def test_a_count_about_fewer_than_five_people_is_hidden():
    """Forty votes by three people say too much about those three."""
    shown = _suppress_column({"a": (40, 3), "b": (50, 9), "c": (60, 12)})
    assert shown["a"] is None
    assert shown["b"] is None  # the complementary cell
    assert shown["c"] == 60


def test_dialogue_engagement_by_actor_type_and_county(finding):
    votes_make(finding=finding, people={"kommun": 9, "skola": 2, "": 6})
    report = impact_report(period=_period())
    by_actor = _cells(report.engagement_by_actor)
    assert by_actor["kommun"]["dialogue_participants"] == 9
    assert by_actor["kommun"]["dialogue_votes"] == 9
    assert by_actor["skola"]["dialogue_participants"] is None
    assert by_actor[""]["dialogue_participants"] is None  # hidden with skola's two
    assert by_actor["region"]["dialogue_participants"] == 0
    assert report.engagement_by_actor.totals[
        [c for c, _l in report.engagement_by_actor.columns].index("dialogue_participants")
    ] == 17  # fmt: skip
    by_county = _cells(report.engagement_by_county)
    assert by_county["20"]["dialogue_participants"] == 11
    assert by_county[""]["dialogue_participants"] == 6


def test_votes_outside_the_period_are_not_counted(finding):
    votes_make(finding=finding, people={"kommun": 6}, when=timezone.now() - timedelta(days=90))
    report = impact_report(period=_period())
    assert _cells(report.engagement_by_actor)["kommun"]["dialogue_participants"] == 0
    assert report.use_by_finding.rows == []


def test_dialogue_and_meetings_count_as_knowledge_use(finding):
    votes_make(finding=finding, people={"kommun": 5, "": 9})  # the undeclared do not count
    attendance_make(finding=finding, people={"fackforbund": 7})
    report = impact_report(period=_period())
    assert _cells(report.use_by_finding)[finding.slug]["dialogue"] == 5
    assert _cells(report.use_by_finding)[finding.slug]["meeting"] == 7
    assert _cells(report.use_by_actor)["fackforbund"]["meeting"] == 7
    assert _cells(report.engagement_by_actor)["fackforbund"]["meeting_attendance"] == 7
    assert not KnowledgeUse.objects.exists()  # derived, nothing written


def test_a_meeting_counts_confirmed_places_until_anyone_is_ticked(finding):
    meeting = attendance_make(finding=finding, people={"kommun": 0})
    from tests.factories import RegistrationFactory

    for _i in range(6):
        RegistrationFactory(meeting=meeting, actor_type="kommun", attended=False)
    report = impact_report(period=_period())
    assert _cells(report.engagement_by_actor)["kommun"]["meeting_attendance"] == 6


def test_brief_downloads_are_summed_by_finding_and_audience(finding):
    for _i in range(7):
        knowledge_use_record(finding=finding, channel="brief", actor_type="kommun",
                             municipality="2081")  # fmt: skip
    knowledge_use_record(finding=finding, channel="brief", actor_type="skola", municipality="20")
    report = impact_report(period=_period())
    assert _cells(report.use_by_finding)[finding.slug]["brief"] == 8
    by_actor = _cells(report.use_by_actor)
    assert by_actor["kommun"]["brief"] is None  # complementary to skola's one
    assert by_actor["skola"]["brief"] is None
    assert report.use_by_actor.svg == ""  # no bar left to draw


def test_registry_sources_add_rows_and_a_broken_one_is_named(clean_registry, finding):
    clean_registry.ENGAGEMENT_SOURCES.append(
        lambda start, end: [("live_participants", "kommun", "2081", 9),
                            EngagementRow("live_participants", "skola", "20", 11)]
    )  # fmt: skip
    clean_registry.KNOWLEDGE_USE_SOURCES.append(
        lambda start, end: [KnowledgeUseRow(finding.pk, "live_session", "discussed", "", "", 20)]
    )

    def broken(start, end):
        raise RuntimeError("no live sessions table")

    clean_registry.ENGAGEMENT_SOURCES.append(broken)
    report = impact_report(period=_period())
    by_actor = _cells(report.engagement_by_actor)
    assert by_actor["kommun"]["live_participants"] == 9
    assert by_actor["skola"]["live_participants"] == 11
    assert _cells(report.use_by_finding)[finding.slug]["live_session"] == 20
    assert len(report.errors) == 1


def test_learning_outcomes_show_means_from_five_answers(clean_registry):
    clean_registry.LEARNING_SOURCES.append(
        lambda start, end: [
            LikertResult(item="Jag vet var jag hittar forskningen", scale_min=1, scale_max=5,
                         before={2: 4, 3: 2}, after={4: 5, 5: 1}, context="Träff i Borlänge"),
            LikertResult(item="Few answered", scale_min=1, scale_max=5,
                         before={1: 2}, after={5: 2}),
        ]
    )  # fmt: skip
    report = impact_report(period=_period())
    first, second = report.learning
    assert (first.n_before, first.mean_before, first.n_after, first.mean_after) == (
        6, 2.33, 6, 4.17
    )  # fmt: skip
    assert first.change == 1.84
    assert second.suppressed and second.n_before is None and second.change is None
    assert report.learning_svg


def test_no_learning_source_means_no_data_yet(client, editor_eva):
    client.force_login(editor_eva)
    with translation.override("en"):
        html = client.get("/en/paverkan/").content.decode()
    assert "No data yet" in html


def test_reach_by_month_and_top_pages():
    today = timezone.localdate()
    PageCount.objects.create(day=today, path="/kunskap/", view_name="k", kind="page", count=40)
    PageCount.objects.create(day=today, path="/om-projektet/", view_name="a", kind="page", count=3)
    PageCount.objects.create(day=today, path="/x.pdf", view_name="p", kind="download", count=6)
    PageCount.objects.create(day=today, path="/sok/", view_name="s", kind="page", count=12)
    PageCount.objects.create(day=date(2001, 1, 1), path="/kunskap/", view_name="k", kind="page",
                             count=1000)  # fmt: skip
    report = impact_report(period=_period())
    assert report.page_views == 55 and report.downloads == 6
    top = _cells(report.top_pages)
    assert list(top) == ["/kunskap/", "/sok/", "/x.pdf", "/om-projektet/"]
    assert top["/kunskap/"]["page"] == 40
    assert top["/om-projektet/"]["page"] is None
    assert top["/sok/"]["page"] is None  # so the total cannot give the three away
    month = today.strftime("%Y-%m")
    assert _cells(report.reach_by_month)[month] == {"page": 55, "download": 6}
    assert report.reach_by_month.svg


def test_citations_are_listed_one_by_one(finding):
    from verkstad.impact.models import KnowledgeUse

    KnowledgeUse.objects.create(
        finding=finding, channel="brief", outcome="cited_plan", organisation_name="Borlänge kommun",
        municipality_code="2081", reference="Översiktsplan 2040, s. 34",
        url="https://example.se/op2040.pdf", day=timezone.localdate(),
    )  # fmt: skip
    finding_make(2)
    report = impact_report(period=_period())
    assert [c.reference for c in report.citations] == ["Översiktsplan 2040, s. 34"]
    assert report.use_by_finding.rows == []  # editors' records are not in the counts


@pytest.mark.parametrize(
    "people",
    [
        {"kommun": 9, "skola": 2, "region": 5},
        {"kommun": 5, "skola": 1},
        {"kommun": 30, "fackforbund": 7, "skola": 4, "region": 4, "annan": 6},
    ],
)
def test_a_hidden_cell_never_stands_alone_in_its_column(finding, people):
    """Engagement tables hide none or at least two non-zero cells per column."""
    votes_make(finding=finding, people=people)
    attendance_make(finding=finding, people={"fackforbund": 5, "skola": 3})
    report = impact_report(period=_period())
    for grid in (report.engagement_by_actor, report.use_by_actor):
        assert "all_participations" not in dict(grid.columns)  # no column sums others
        for index, _column in enumerate(grid.columns):
            hidden = [row.cells[index] for row in grid.rows if row.cells[index] is None]
            assert len(hidden) != 1 or grid.totals[index] is None
