"""Assembling a brief from the real knowledge content and the labour-data test slice."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from tests.factories import ConversationFactory, StatementFactory
from verkstad.briefs import assemble
from verkstad.briefs.assemble import BriefRequest, Section, brief_assemble, content_hash
from verkstad.briefs.regions import BriefRegion, region_parse
from verkstad.dialogue.models import OpinionSnapshot
from verkstad.insight.models import RegionYear
from verkstad.knowledge.models import Finding, FindingAudience


def _brief(county="20", audience="kommun", language="sv", **kwargs) -> assemble.BriefContent:
    region = region_parse(county)
    assert region is not None
    return brief_assemble(
        request=BriefRequest(region=region, audience=audience, language=language, **kwargs)
    )


def test_it_gathers_the_findings_with_their_text_for_the_audience(seeded):
    content = _brief()
    findings = content.section("findings").data
    expected = FindingAudience.objects.filter(
        actor_type="kommun", finding__status="published"
    ).count()
    assert len(findings) == min(expected, assemble.MAX_FINDINGS) > 0
    for item in findings:
        audience = FindingAudience.objects.get(finding__number=item.number, actor_type="kommun")
        assert item.for_you == audience.text_sv
        assert item.sources, item.number
    cited = {s.slug for item in findings for s in item.sources}
    assert {s.slug for s in content.sources} == cited


def test_findings_about_local_occupations_come_first(seeded):
    findings = _brief(audience="arbetsgivare").section("findings").data
    local = [bool(item.local_occupations) for item in findings]
    assert local == sorted(local, reverse=True)
    assert any(local), "SSYK 812 findings concern Dalarna's steel operators"


def test_the_numbers_are_the_countys_from_insight(seeded):
    numbers = _brief().section("numbers").data
    year_row = RegionYear.objects.get(region_id="20", year=numbers.year)
    assert numbers.employees == year_row.employees
    assert numbers.metal_employees == year_row.metal_employees
    assert numbers.ilo_exposed_share == pytest.approx(year_row.ilo_exposed_share)
    assert {o.code for o in numbers.metal} >= {"8121", "8122"}
    assert numbers.skills, "the skills transitions call for"
    assert any("SCB" in c.attribution for c in numbers.credits)
    with translation.override("sv"):
        expected = gettext(
            "The numbers are for the whole county: the data has no municipality level."
        )
    assert expected in numbers.caveats


def test_a_municipality_brief_uses_its_countys_numbers_and_says_so(seeded):
    content = _brief("2081")
    assert content.county == "20" and content.municipality == "2081"
    numbers = content.section("numbers").data
    assert numbers.county == "20"
    assert any("2081" in c and "Dalarnas län" in c for c in numbers.caveats)


def test_it_is_written_in_the_briefs_language_whatever_the_active_one(seeded):
    content = _brief(language="en")
    finding = content.section("findings").data[0]
    row = Finding.objects.get(number=finding.number)
    assert finding.title == row.title_en
    assert content.section("questions").title == "Questions for the local planning process"
    assert finding.url.startswith("/en/")


def test_the_four_big_questions_become_questions_for_planning(seeded):
    questions = _brief().section("questions").data
    assert [q.number for q in questions] == [1, 2, 3, 4]
    assert all(q.prompts for q in questions)


def test_an_audience_without_findings_says_what_is_missing(seeded):
    content = _brief(audience="annan")
    assert content.section("findings") is None
    assert any("Other" in m or "Annan" in m for m in content.missing)
    assert content.section("numbers") is not None


def test_the_introduction_is_kept_as_paragraphs(seeded):
    content = _brief(introduction="Först detta.\r\n\r\nSedan detta.")
    assert content.introduction == ["Först detta.", "Sedan detta."]


def test_dialogue_outcomes_come_from_the_latest_snapshot(seeded):
    conversation = ConversationFactory()
    agree = StatementFactory(conversation=conversation, number=0, text="Vi behöver fler lärlingar.")
    divisive = StatementFactory(conversation=conversation, number=1, text="Bruket ska styra.")
    StatementFactory(conversation=conversation, number=2, status="rejected", text="Nej.")
    OpinionSnapshot.objects.create(
        conversation=conversation,
        created_at=timezone.now() - timezone.timedelta(days=1),
        data={"consensus": {"agree": [], "disagree": []}, "divisive": []},
    )
    OpinionSnapshot.objects.create(
        conversation=conversation,
        n_participants=12,
        n_votes=80,
        data={
            "consensus": {
                "agree": [{"statement_id": 0, "p_success": 0.9}, {"statement_id": 2}],
                "disagree": [],
            },
            "divisive": [{"statement_id": 1, "divisiveness": 1.2}, {"statement_id": 99}],
        },
    )
    bare = ConversationFactory()  # no snapshot yet
    content = _brief(conversation_ids=(conversation.pk, bare.pk))
    outcomes = content.section("dialogue").data
    first = next(o for o in outcomes if o.slug == conversation.slug)
    assert [s.text for s in first.agree] == [agree.text]  # the rejected one is left out
    assert [s.text for s in first.divisive] == [divisive.text]
    assert first.participants == 12
    second = next(o for o in outcomes if o.slug == bare.slug)
    assert second.analysed == "" and second.agree == []


def test_no_dialogue_heading_without_linked_dialogues(seeded):
    assert _brief().section("dialogue") is None


def test_another_app_can_add_a_section(seeded, monkeypatch):
    monkeypatch.setattr(assemble, "SECTION_PROVIDERS", list(assemble.SECTION_PROVIDERS))

    def actions(ctx):
        return Section("actions", "Open follow-up actions", "briefs/sections/_questions.html", [])

    def nothing(ctx):
        return None

    assemble.section_provider_register(actions, before="questions_section")
    assemble.section_provider_register(nothing)
    slugs = [s.slug for s in _brief().sections]
    assert slugs == ["findings", "numbers", "actions", "questions"]


def test_the_content_hash_follows_every_input(seeded):
    base = content_hash(_brief())
    assert content_hash(_brief()) == base
    assert content_hash(_brief(introduction="Ny inledning.")) != base
    assert content_hash(_brief(language="en")) != base
    audience = FindingAudience.objects.filter(actor_type="kommun").first()
    audience.text_sv += " Ändrat."
    audience.save()
    changed = content_hash(_brief())
    assert changed != base
    RegionYear.objects.filter(region_id="20").update(employees=1)
    assert content_hash(_brief()) != changed


@pytest.mark.parametrize("code", ["", "2", "99", "200", "0100", "2000", "ab", "20811"])
def test_bad_region_codes_are_refused(code):
    assert region_parse(code) is None


def test_region_codes():
    assert region_parse("20") == BriefRegion("20")
    assert region_parse("2081") == BriefRegion("20", "2081")
