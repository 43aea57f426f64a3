"""Meetings in a real browser: every page axe-clean in both languages, signing up,
the waiting list, the facilitators' planning pages and the downloads."""

from __future__ import annotations

import csv
import io

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.browser.pages import covers
from tests.browser.test_accounts_pages import sign_in
from tests.factories import (
    FollowUpActionFactory,
    MeetingFactory,
    OrganisationFactory,
    RegistrationFactory,
)
from verkstad.workshops.models import Meeting, Registration

PREFIXES = ["", "/en"]


@pytest.fixture
def organiser(transactional_db):
    return OrganisationFactory(name="Borlänge kommun")


@pytest.fixture
def meeting(organiser):
    return MeetingFactory(
        slug="kompetens",
        capacity=1,
        organisers=[organiser],
        online_url="https://meet.example/kompetens",
    )


@covers(
    "workshops:meeting_list",
    "workshops:meeting_detail",
    "workshops:registration_create",
    "workshops:registration_cancel",
)
@pytest.mark.parametrize("prefix", PREFIXES)
def test_signing_up_and_cancelling(visit, meeting, participant_per, prefix):
    RegistrationFactory(meeting=meeting)  # the one place is taken
    sign_in(visit, participant_per)
    page = visit.open(f"{prefix}/traffar/")
    assert page.locator("main h1").count() == 1
    page.locator(f"a[href='{prefix}/traffar/kompetens/']").click()
    page.wait_for_url(f"**{prefix}/traffar/kompetens/")
    visit.assert_clean("meeting page")

    page.select_option("#id_actor_type", "skola")
    page.locator(".meeting-registration button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/traffar/kompetens/")
    assert Registration.objects.get(user=participant_per).status == "waiting"
    expect(page.locator(".meeting-registration")).to_contain_text("1")
    visit.assert_clean("on the waiting list")

    page.locator(".meeting-registration button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/traffar/kompetens/")
    assert Registration.objects.get(user=participant_per).status == "cancelled"
    visit.assert_clean("after cancelling")


@covers("workshops:meeting_create", "workshops:meeting_edit", "workshops:agenda_edit")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_facilitator_plans_a_meeting(visit, organiser, facilitator_fia, prefix):
    sign_in(visit, facilitator_fia)
    page = visit.open(f"{prefix}/traffar/ny/")
    # Submitting an empty form shows the errors, axe-clean.
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    visit.assert_clean("meeting form with errors")

    page.fill("#id_title_sv", "Nya yrken i Borlänge")
    page.fill("#id_title_en", "New occupations in Borlänge")
    page.locator(f"input[name=organisers][value='{organiser.pk}']").check()
    page.fill("#id_starts_at", "2030-05-06T18:00")
    page.fill("#id_ends_at", "2030-05-06T20:00")
    page.fill("#id_place", "Folkets hus")
    page.fill("#id_capacity", "20")
    page.select_option("#id_status", "published")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/traffar/nya-yrken-i-borlange/dagordning/")
    visit.assert_clean("agenda page")

    page.fill("#id_title_sv", "Välkommen")
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/traffar/nya-yrken-i-borlange/dagordning/")
    expect(page.locator(".meeting-agenda")).to_contain_text("Välkommen")

    page = visit.open(f"{prefix}/traffar/nya-yrken-i-borlange/andra/")
    page.fill("#id_capacity", "30")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/traffar/nya-yrken-i-borlange/")
    assert Meeting.objects.get().capacity == 30
    visit.assert_clean("meeting after editing")


@covers("workshops:attendee_list", "workshops:attendance_csv", "workshops:minutes_edit")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_attendees_counts_and_minutes(visit, meeting, organiser, facilitator_fia, prefix):
    for _ in range(6):
        RegistrationFactory(meeting=meeting, actor_type="kommun")
    earlier = MeetingFactory(organisers=[organiser], starts_at=meeting.starts_at.replace(year=2020))
    FollowUpActionFactory(meeting=earlier, what="Bjud in gymnasiet", owner=organiser)
    sign_in(visit, facilitator_fia)

    page = visit.open(f"{prefix}/traffar/kompetens/deltagare/")
    expect(page.locator("table")).to_contain_text("6")
    with page.expect_download() as download_info:
        page.locator("a[href$='/narvaro.csv']").click()
    rows = list(csv.DictReader(io.StringIO(open(download_info.value.path()).read())))
    assert {
        "meeting": "kompetens",
        "basis": "confirmed",
        "actor_type": "kommun",
        "people": "6",
    } in rows
    page.locator("input[name=attended]").first.check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/traffar/kompetens/deltagare/")
    expect(page.locator("input[name=attended]:checked")).to_have_count(1)
    visit.assert_clean("attendee list after marking who came")

    page = visit.open(f"{prefix}/traffar/kompetens/protokoll/")
    expect(page.locator("main")).to_contain_text("Bjud in gymnasiet")
    page.fill("#id_minutes-minutes_sv", "Vi gick igenom läget.")
    page.locator("form:has(input[value=minutes]) button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/traffar/kompetens/protokoll/")
    page.fill("#id_action-what", "Kartlägg utbildningar")
    page.select_option("#id_action-owner", str(organiser.pk))
    page.locator("form:has(input[value=action]) button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/traffar/kompetens/protokoll/")
    expect(page.locator("main")).to_contain_text("Kartlägg utbildningar")
    visit.assert_clean("minutes page with actions")

    page = visit.open(f"{prefix}/traffar/kompetens/")
    expect(page.locator("main")).to_contain_text("Bjud in gymnasiet")
    expect(page.locator("main")).to_contain_text("Vi gick igenom läget.")


@covers("workshops:meeting_ical", "workshops:organisation_ical")
@pytest.mark.parametrize("prefix", PREFIXES)
def test_calendars_download(visit, meeting, organiser, prefix):
    page = visit.open(f"{prefix}/traffar/kompetens/")
    with page.expect_download() as download_info:
        page.locator("a[href$='/kalender.ics']").click()
    [event] = Calendar.from_ical(open(download_info.value.path(), "rb").read()).walk("VEVENT")
    assert str(event["UID"]) == f"meeting-{meeting.pk}@verkstad"
    response = page.request.get(f"{visit.base_url}{prefix}/traffar/organisation/{organiser.pk}.ics")
    assert response.status == 200
    assert len(Calendar.from_ical(response.body()).walk("VEVENT")) == 1
