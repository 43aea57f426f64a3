"""The report: its view model (hand-computed), the page and JSON, access, the finding card."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from tests.dialogue.helpers import conversation_from_polis, conversation_with_votes, two_camps
from tests.factories import StatementFactory
from verkstad.dialogue.aggregates import report_aggregates
from verkstad.dialogue.math import opinion_map
from verkstad.dialogue.math.polis_export import read_polis_export
from verkstad.dialogue.models import Conversation
from verkstad.dialogue.report import StatementRef, report_build, report_json
from verkstad.dialogue.selectors import finding_results_get
from verkstad.dialogue.snapshots import map_compute
from verkstad.dialogue.svg import map_svg, vote_bar

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
EXPORTS = Path(os.environ.get("VERKSTAD_SHARED_DATA", SHARED_DATA)) / "polis"


# --- the view model, hand-computed -----------------------------------------------------------

# Six people in group A (0–5), three in group B (6–8), one not placed (9).
# Statement 0: A agrees 5 / passes 1; B disagrees 3; person 9 agrees.
# Statement 1: only four people voted.
VOTES = [
    *[(p, 0, 1) for p in range(5)],
    (5, 0, 0),
    *[(p, 0, -1) for p in (6, 7, 8)],
    (9, 0, 1),
    *[(p, 1, 1) for p in (0, 1, 6, 7)],
]
GROUP_OF = np.array([0, 0, 0, 0, 0, 0, 1, 1, 1, -1])


@pytest.fixture(autouse=True)
def _english():
    """Labels below are checked in English (the Swedish ones are the catalogue's)."""
    with translation.override("en"):
        yield


def hand_snapshot() -> SimpleNamespace:
    p, s, v = (np.array(col) for col in zip(*VOTES, strict=True))
    block = report_aggregates(
        participants=p,
        statements=s,
        values=v,
        statement_ids=[0, 1],
        participant_ids=np.arange(10),
        group_of=GROUP_OF,
        n_groups=2,
        actor_type_of={n: "kommun" for n in range(6)} | {6: "skola"},
        actor_types=["kommun", "skola"],
        coordinates=np.array([[0.0, 0.0]] * 6 + [[1.0, 1.0]] * 3 + [[0.5, 0.5]]),
    )
    data = {
        "status": "ok",
        "n_groups": 2,
        "counts": {"placed": 9},
        "groups": [
            {
                "id": 0,
                "members": 6,
                "representative": [{"statement_id": "0", "repful_for": "agree"}],
            },
            {
                "id": 1,
                "members": 3,
                "representative": [{"statement_id": "0", "repful_for": "disagree"}],
            },
        ],
        "consensus": {"agree": [], "disagree": [{"statement_id": "1"}]},
        "divisive": [{"statement_id": "0", "most_agreeing_group": 0, "least_agreeing_group": 1}],
        "uncertain": [],
        "report": block,
    }
    return SimpleNamespace(
        data=data,
        created_at=datetime(2026, 11, 27, 12, 0, tzinfo=UTC),
        n_votes=len(VOTES),
        n_participants=10,
        n_statements=2,
    )


STATEMENTS = {0: StatementRef(0, "Kommunen ska planera", "sv"), 1: StatementRef(1, "Skolan", "sv")}


def test_group_shares_are_percentages_of_the_group_against_everyone_else():
    report = report_build(snapshot=hand_snapshot(), statements=STATEMENTS)
    a, b = report.groups
    assert (a.label, a.size) == ("Group A", 6)
    line = a.representative[0]
    assert line.side == "agree"
    assert line.group.as_dict() == {"voters": 6, "agree": 5, "disagree": 0, "pass": 1}
    assert line.group_pct == 83  # 5 of 6
    # Everyone else: B's three and person 9, four people: fewer than five, not shown.
    assert line.rest is None
    assert report.placed == 9 and report.unplaced == 1


def test_a_group_of_three_is_listed_without_size_or_views():
    report = report_build(snapshot=hand_snapshot(), statements=STATEMENTS)
    b = report.groups[1]
    assert b.size is None and b.suppressed
    assert b.representative == []
    assert any("fewer than 5 people" in line for line in report.summary)


def test_statement_rows_suppress_fewer_than_five_voters():
    report = report_build(snapshot=hand_snapshot(), statements=STATEMENTS)
    rows = {row.statement.number: row for row in report.statements}
    assert rows[0].share.as_dict() == {"voters": 10, "agree": 6, "disagree": 3, "pass": 1}
    assert (rows[0].share.agree_pct, rows[0].share.disagree_pct, rows[0].share.pass_pct) == (
        60,
        30,
        10,
    )
    assert rows[1].share is None  # four voters
    assert [g.share is None for g in rows[0].groups] == [False, True]  # B has three


def test_consensus_and_divisive_lines_name_statements_and_group_letters():
    report = report_build(snapshot=hand_snapshot(), statements=STATEMENTS)
    assert [(c.statement.number, c.side, c.share) for c in report.consensus] == [
        (1, "disagree", None)
    ]
    (line,) = report.divisive
    # Group B has three people: the line does not single it out as agreeing least.
    assert (line.statement.text, line.most, line.least) == ("Kommunen ska planera", "", "")
    assert [g.letter for g in line.groups] == ["A", "B"]


def test_the_lens_shows_five_municipal_people_and_never_the_single_school():
    report = report_build(snapshot=hand_snapshot(), statements=STATEMENTS)
    lens = report.lens
    assert [(c.actor_type, c.people) for c in lens.columns] == [("kommun", 6)]
    assert lens.hidden_actor_types == 1
    first, second = lens.rows
    assert first.cells[0].as_dict() == {"voters": 6, "agree": 5, "disagree": 0, "pass": 1}
    assert second.cells == [None]  # two municipal voters on statement 1
    assert lens.group_rows[0].cells == [6, None]


def test_the_json_holds_aggregates_only():
    report = report_build(snapshot=hand_snapshot(), statements=STATEMENTS)
    payload = report_json(report, conversation_slug="x")
    text = json.dumps(payload)
    assert 'participants":' not in text.replace('"participants": 10', "")
    assert payload["groups"][1] == {
        "id": 1,
        "label": "B",
        "size": None,
        "suppressed": True,
        "representative": [],
    }
    assert payload["statements"][1]["votes"] is None


def test_no_snapshot_and_too_few_votes_say_so():
    none = report_build(snapshot=None, statements=STATEMENTS)
    assert none.status == "none" and none.summary == ["No votes have been counted yet."]
    few = SimpleNamespace(
        data={"status": "too_few", "report": {}},
        created_at=timezone.now(),
        n_votes=3,
        n_participants=2,
        n_statements=2,
    )
    report = report_build(snapshot=few, statements=STATEMENTS)
    assert report.status == "too_few"
    assert "at least 5 people" in report.summary[1]


def test_the_map_svg_is_labelled_and_draws_no_small_group():
    report = report_build(snapshot=hand_snapshot(), statements=STATEMENTS)
    svg = map_svg(
        title="Map",
        desc="Groups <&>",
        cells=report.map_cells,
        hulls=report.map_hulls,
        groups=report.groups,
    )
    assert svg.startswith('<svg class="dr-map"') and 'role="img"' in svg
    assert '<title id="dr-map-title">Map</title>' in svg
    assert "Groups &lt;&amp;&gt;" in svg
    assert "style=" not in svg
    assert svg.count('class="dr-dot dr-dot--0"') == 1
    assert "dr-dot--1" not in svg  # group B has three people: letter only
    assert svg.count("dr-label__text") == 2


def test_the_vote_bar_widths_add_up():
    report = report_build(snapshot=hand_snapshot(), statements=STATEMENTS)
    bar = vote_bar(report.statements[0].share)
    widths = [float(w) for w in re.findall(r'width="([\d.]+)"', bar)]
    assert widths == [60.0, 30.0, 10.0]
    assert 'aria-hidden="true"' in bar
    assert vote_bar(None) == ""


# --- the page and the JSON --------------------------------------------------------------------


@pytest.fixture
def camps(db) -> Conversation:
    conversation, _, _ = conversation_with_votes(
        two_camps(),
        actor_types=["kommun"] * 6 + ["skola"] * 4 + ["fackforbund"] * 6,
        slug="bruksorten",
    )
    map_compute(conversation.pk)
    return conversation


def test_the_report_page_shows_the_map_tables_and_when_it_was_computed(client, camps):
    response = client.get("/dialog/bruksorten/resultat/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="img"' in html and "dr-map-title" in html
    assert "Påstående 5" in html
    assert "96 röster" in html or "96 votes" in html
    assert " style=" not in html and "<style" not in html and "<script>" not in html
    assert "dialogue-report.css" in html


def test_the_english_report_is_in_english(client, camps):
    response = client.get("/en/dialog/bruksorten/resultat/")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Group A" in html
    assert "Municipality" in html  # the lens column
    assert "Trade union" in html
    assert "School or adult education" not in html.split("By actor type")[1].split("</table>")[0]


def test_a_stale_map_says_it_is_being_updated(client, camps):
    Conversation.objects.filter(pk=camps.pk).update(map_stale_since=timezone.now())
    html = client.get("/en/dialog/bruksorten/resultat/").content.decode()
    assert "being updated" in html


def test_the_page_never_computes(client, camps, django_assert_max_num_queries):
    with (
        mock.patch("verkstad.dialogue.math.opinion_map", side_effect=AssertionError),
        mock.patch("verkstad.dialogue.snapshots.map_compute", side_effect=AssertionError),
        django_assert_max_num_queries(12),
    ):
        assert client.get("/dialog/bruksorten/resultat/").status_code == 200
        assert client.get("/dialog/bruksorten/resultat.json").status_code == 200


def test_a_conversation_without_a_snapshot_shows_no_votes_yet(client, db):
    conversation, _, _ = conversation_with_votes([[1]], slug="tom")
    with translation.override("en"):
        html = client.get("/en/dialog/tom/resultat/").content.decode()
    assert "No votes have been counted yet." in html
    assert conversation.snapshots.count() == 0


def test_the_json_endpoint(client, camps):
    response = client.get("/en/dialog/bruksorten/resultat.json")
    assert response["Content-Type"] == "application/json"
    payload = response.json()
    assert payload["status"] == "ok"
    assert payload["counts"]["votes"] == 96
    assert [g["size"] for g in payload["groups"]] == [8, 8]
    assert "participants" not in payload
    assert [c["actor_type"] for c in payload["actor_types"]["columns"]] == [
        "kommun",
        "fackforbund",
    ]


def test_a_signed_in_conversation_sends_anonymous_visitors_to_sign_in(client, camps):
    Conversation.objects.filter(pk=camps.pk).update(access="signed_in")
    response = client.get("/dialog/bruksorten/resultat/")
    assert response.status_code == 302
    assert "next=/dialog/bruksorten/resultat/" in response["Location"]
    assert client.get("/dialog/bruksorten/resultat.json").status_code == 302


def test_a_signed_in_conversation_is_shown_to_a_signed_in_person(client, camps, participant_per):
    Conversation.objects.filter(pk=camps.pk).update(access="signed_in")
    client.force_login(participant_per)
    assert client.get("/dialog/bruksorten/resultat/").status_code == 200


def test_a_link_only_conversation_needs_the_link(client, camps, outsider_olle):
    Conversation.objects.filter(pk=camps.pk).update(access="link")
    assert client.get("/dialog/bruksorten/resultat/").status_code in {403, 404}
    client.force_login(outsider_olle)
    assert client.get("/dialog/bruksorten/resultat.json").status_code in {403, 404}


def test_a_moderator_sees_a_link_only_report(client, camps, moderator_maja):
    Conversation.objects.filter(pk=camps.pk).update(access="link")
    client.force_login(moderator_maja)
    assert client.get("/dialog/bruksorten/resultat/").status_code == 200


def test_an_unknown_conversation_is_404(client, db):
    assert client.get("/dialog/finns-inte/resultat/").status_code == 404


# --- a real conversation -----------------------------------------------------------------------


def test_the_seattle_export_reports_polis_groups(client, db):
    directory = EXPORTS / "15-per-hour-seattle"
    types = ["kommun", "skola", "fackforbund", ""]
    conversation = conversation_from_polis(
        directory, actor_type_of=lambda n: types[n % 4], slug="seattle"
    )
    snapshot = map_compute(conversation.pk)
    export = read_polis_export(directory)
    expected = opinion_map(
        zip(export.participants, export.statements, export.votes, strict=True),
        mod_out=export.mod_out,
    )
    # Same groups as the math on the export itself (votes.csv's log, latest vote wins).
    assert [g["members"] for g in snapshot.data["groups"]] == [g.members for g in expected.groups]
    assert snapshot.data["counts"]["placed"] == 138
    assert snapshot.n_participants == expected.n_participants
    report = client.get("/en/dialog/seattle/resultat.json").json()
    assert [g["size"] for g in report["groups"]] == [95, 43]
    assert report["consensus"] and report["divisive"]
    # Every lens cell is either about five people or more, or null.
    for row in report["actor_types"]["statements"]:
        for cell in row["votes"]:
            assert cell is None or cell["voters"] >= 5
    html = client.get("/en/dialog/seattle/resultat/").content.decode()
    assert "fewer than 5" in html
    assert " style=" not in html


# --- what participants said, on the finding card -----------------------------------------------


@pytest.fixture
def finding(db):
    from verkstad.knowledge.loader import content_load, default_content_path
    from verkstad.knowledge.models import Finding

    assert content_load(path=default_content_path()).ok
    return Finding.objects.filter(status="published").first()


def test_the_finding_card_shows_statements_with_five_votes_or_more(client, finding):
    conversation, participants, statements = conversation_with_votes(
        [[1, 1, 1]] * 4 + [[1, -1, None]], slug="fynd-samtal"
    )
    statements[0].finding = finding
    statements[0].save()
    statements[2].finding = finding  # four votes only
    statements[2].save()
    results = finding_results_get(finding=finding)
    assert [r.share.as_dict() for r in results.results] == [
        {"voters": 5, "agree": 5, "disagree": 0, "pass": 0}
    ]
    assert results.hidden == 1
    html = client.get(finding.get_absolute_url()).content.decode()
    assert "What participants said" in html  # under the English override: /en/
    assert "/dialog/fynd-samtal/resultat/" in html
    assert " style=" not in html


def test_the_finding_card_leaves_out_link_only_and_pending_statements(finding):
    conversation, _, statements = conversation_with_votes([[1, 1]] * 6, access="link")
    statements[0].finding = finding
    statements[0].save()
    open_conversation, _, open_statements = conversation_with_votes([[1]] * 6)
    StatementFactory(conversation=open_conversation, number=9, status="pending", finding=finding)
    assert finding_results_get(finding=finding).results == []


def test_the_finding_results_take_one_query(finding):
    for _ in range(3):
        _, _, statements = conversation_with_votes([[1, 0]] * 6)
        for s in statements:
            s.finding = finding
            s.save()
    with CaptureQueriesContext(connection) as queries:
        results = finding_results_get(finding=finding)
    assert len(results.results) == 6
    assert len(queries) == 1
