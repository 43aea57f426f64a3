from __future__ import annotations

from tests.factories import MembershipFactory, OrganisationFactory
from verkstad.accounts.models import Role

WORKBENCH = "/en/konto/arbetsyta/"


def test_it_sends_anonymous_people_to_sign_in(client, db):
    response = client.get(WORKBENCH)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/konto/logga-in/?next=")


def test_it_is_forbidden_without_a_role_with_the_friendly_page(client, participant_per):
    client.force_login(participant_per)
    response = client.get(WORKBENCH)
    assert response.status_code == 403
    assert "errors/403.html" in [t.name for t in response.templates]


def test_it_lists_each_role_and_what_it_allows(client, moderator_maja):
    MembershipFactory(
        user=moderator_maja,
        organisation=OrganisationFactory(name="Borlänge kommun"),
        role=Role.FACILITATOR,
    )
    client.force_login(moderator_maja)
    response = client.get(WORKBENCH)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Moderator in NOMP, Mälardalens universitet" in html
    assert "Facilitator in Borlänge kommun" in html
    assert "Review and moderate statements" in html
    assert "Plan meetings and run live workshop sessions" in html
    assert "Write, edit and publish" not in html
    assert "Open the workbench" not in html


def test_staff_see_that_they_can_do_everything(client, staff_sam):
    client.force_login(staff_sam)
    html = client.get(WORKBENCH).content.decode()
    assert "You are staff, so you can do everything" in html
    assert "Write, edit and publish findings and sources" in html
