"""The brief's section of open follow-up actions from meetings in its region."""

from __future__ import annotations

import pytest

from tests.factories import FollowUpActionFactory, MeetingFactory, OrganisationFactory
from verkstad.briefs.assemble import SECTION_PROVIDERS, BriefRequest, brief_assemble
from verkstad.briefs.regions import region_parse

pytestmark = pytest.mark.django_db


def _actions(code: str, language: str = "en") -> list[str]:
    region = region_parse(code)
    content = brief_assemble(
        request=BriefRequest(region=region, audience="kommun", language=language)
    )
    section = content.section("actions")
    return [] if section is None else [item.what for item in section.data]


def test_it_is_registered_before_the_questions():
    names = [p.__name__ for p in SECTION_PROVIDERS]
    assert names.index("workshop_actions_section") < names.index("questions_section")


def test_open_actions_of_meetings_in_the_region_are_listed():
    borlange = MeetingFactory(audience_municipality_code="2081")
    falun = MeetingFactory(audience_municipality_code="2080")
    stockholm = MeetingFactory(audience_municipality_code="0180")
    by_organiser = MeetingFactory(organisers=[OrganisationFactory(municipality_code="2081")])
    FollowUpActionFactory(meeting=borlange, what="Borlänge open")
    FollowUpActionFactory(meeting=borlange, what="Borlänge done", status="done")
    FollowUpActionFactory(meeting=falun, what="Falun open")
    FollowUpActionFactory(meeting=stockholm, what="Stockholm open")
    FollowUpActionFactory(meeting=by_organiser, what="Organiser open")
    FollowUpActionFactory(meeting=MeetingFactory(status="draft", audience_municipality_code="2081"))

    assert sorted(_actions("20")) == ["Borlänge open", "Falun open", "Organiser open"]
    assert sorted(_actions("2081")) == ["Borlänge open", "Organiser open"]
    assert _actions("01") == ["Stockholm open"]
    assert _actions("03") == []


def test_the_brief_page_shows_them(client):
    meeting = MeetingFactory(audience_municipality_code="2081")
    FollowUpActionFactory(meeting=meeting, what="Kartlägg utbildningar")
    html = client.get("/en/underlag/20/kommun/en/").content.decode()
    assert "Kartlägg utbildningar" in html
    assert meeting.get_absolute_url() in html or f"/traffar/{meeting.slug}/" in html
