"""Roles, not per-user permission rows, decide what someone may do in the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory, UserFactory
from verkstad.accounts.models import Membership, Role


@pytest.mark.parametrize(
    "perm,expected",
    [
        ("knowledge.change_finding", True),
        ("knowledge.delete_source", True),
        ("accounts.add_membership", True),
        ("accounts.view_user", True),
        ("accounts.change_user", False),
        ("accounts.delete_user", False),
        ("accounts.view_consent", False),
        ("django_tasks_db.view_dbtaskresult", False),
    ],
)
def test_an_editor_gets_the_admin_permissions_of_their_role(editor_eva, perm, expected):
    assert editor_eva.has_perm(perm) is expected


@pytest.mark.parametrize("persona", ["participant_per", "moderator_maja", "facilitator_fia"])
def test_other_roles_get_no_admin_permissions_yet(request, persona):
    user = request.getfixturevalue(persona)
    assert not user.has_perm("knowledge.change_finding")
    assert not user.has_module_perms("knowledge")


def test_an_editor_without_staff_status_edits_findings_in_the_admin(editor_eva, client):
    assert not editor_eva.is_staff
    client.force_login(editor_eva)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    user = UserFactory()
    assert client.get(reverse("admin:accounts_user_change", args=[user.pk])).status_code == 200
    response = client.post(reverse("admin:accounts_user_delete", args=[user.pk]), {"post": "yes"})
    assert response.status_code == 403


def test_an_editor_gives_a_person_a_role(editor_eva, participant_per, client):
    client.force_login(editor_eva)
    organisation = OrganisationFactory(name="Borlänge kommun")
    response = client.post(
        reverse("admin:accounts_organisation_change", args=[organisation.pk]),
        {
            "name": organisation.name,
            "actor_type": organisation.actor_type,
            "municipality_code": organisation.municipality_code,
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": participant_per.pk,
            "memberships-0-role": Role.MODERATOR,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Membership.objects.filter(
        user=participant_per, organisation=organisation, role=Role.MODERATOR
    ).exists()


def test_losing_the_role_closes_the_admin(editor_eva, client):
    editor_eva.memberships.update(role="")
    client.force_login(editor_eva)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


@pytest.mark.parametrize(
    "persona,shown", [("editor_eva", True), ("moderator_maja", True), ("participant_per", False)]
)
def test_the_workbench_links_the_admin_for_those_who_may_use_it(request, client, persona, shown):
    client.force_login(request.getfixturevalue(persona))
    html = client.get(reverse("accounts:workbench")).content.decode()
    assert (reverse("admin:index") in html) is shown
