from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import ConsentFactory, MembershipFactory, UserFactory
from verkstad.accounts.models import Organisation, User
from verkstad.accounts.signals import account_erasing


@pytest.fixture
def admin_client_(client, db):
    client.force_login(UserFactory(email="root@example.se", is_staff=True, is_superuser=True))
    return client


def test_the_user_list_searches_by_email(admin_client_, participant_per):
    response = admin_client_.get(reverse("admin:accounts_user_changelist"), {"q": "per@"})
    assert response.status_code == 200
    assert "per@example.se" in response.content.decode()


def test_a_user_is_added_with_an_email_and_no_username(admin_client_):
    url = reverse("admin:accounts_user_add")
    html = admin_client_.get(url).content.decode()
    assert 'name="username"' not in html
    response = admin_client_.post(
        url,
        {
            "email": "Ny@Example.se",
            "display_name": "Ny",
            "usable_password": "true",
            "password1": "ett-langt-adminlosen-1",
            "password2": "ett-langt-adminlosen-1",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert User.objects.get(email="ny@example.se").check_password("ett-langt-adminlosen-1")


def test_adding_an_existing_email_in_another_case_is_refused(admin_client_, participant_per):
    response = admin_client_.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "PER@example.se",
            "usable_password": "true",
            "password1": "ett-langt-adminlosen-1",
            "password2": "ett-langt-adminlosen-1",
        },
    )
    assert response.status_code == 200
    assert User.objects.filter(email__iexact="per@example.se").count() == 1


def test_the_change_form_shows_memberships_and_consents(admin_client_, editor_eva):
    ConsentFactory(user=editor_eva, version="2026-11")
    response = admin_client_.get(reverse("admin:accounts_user_change", args=[editor_eva.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "NOMP, Mälardalens universitet" in html
    assert "2026-11" in html


def test_deleting_in_the_admin_goes_through_erasure(admin_client_, participant_per):
    fired = []
    account_erasing.connect(
        lambda sender, user, **kw: fired.append(user.pk), weak=False, dispatch_uid="t-admin"
    )
    try:
        response = admin_client_.post(
            reverse("admin:accounts_user_delete", args=[participant_per.pk]), {"post": "yes"}
        )
    finally:
        account_erasing.disconnect(dispatch_uid="t-admin")
    assert response.status_code == 302
    assert fired == [participant_per.pk]
    assert not User.objects.filter(pk=participant_per.pk).exists()


def test_bulk_deleting_in_the_admin_goes_through_erasure(admin_client_, db):
    users = [UserFactory(), UserFactory()]
    fired = []
    account_erasing.connect(
        lambda sender, user, **kw: fired.append(user.pk), weak=False, dispatch_uid="t-bulk"
    )
    try:
        admin_client_.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "delete_selected", "_selected_action": [u.pk for u in users], "post": "yes"},
        )
    finally:
        account_erasing.disconnect(dispatch_uid="t-bulk")
    assert sorted(fired) == sorted(u.pk for u in users)


def test_an_organisation_has_its_memberships_inline(admin_client_, editor_eva, research_group):
    response = admin_client_.get(
        reverse("admin:accounts_organisation_change", args=[research_group.pk])
    )
    assert response.status_code == 200
    assert "memberships-TOTAL_FORMS" in response.content.decode()


def test_an_organisation_with_a_made_up_county_is_refused(admin_client_):
    response = admin_client_.post(
        reverse("admin:accounts_organisation_add"),
        {
            "name": "Påhittad kommun",
            "actor_type": "kommun",
            "municipality_code": "1111",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert not Organisation.objects.filter(name="Påhittad kommun").exists()


def test_consents_are_read_only(admin_client_, participant_per):
    consent = ConsentFactory(user=participant_per)
    assert admin_client_.get(reverse("admin:accounts_consent_changelist")).status_code == 200
    assert admin_client_.get(reverse("admin:accounts_consent_add")).status_code == 403
    change = admin_client_.get(reverse("admin:accounts_consent_change", args=[consent.pk]))
    assert change.status_code == 200
    assert 'name="version"' not in change.content.decode()
    assert (
        admin_client_.post(
            reverse("admin:accounts_consent_delete", args=[consent.pk]), {"post": "yes"}
        ).status_code
        == 403
    )


def test_membership_inline_on_the_user(admin_client_, participant_per):
    MembershipFactory(user=participant_per)
    response = admin_client_.get(reverse("admin:accounts_user_change", args=[participant_per.pk]))
    assert "memberships-TOTAL_FORMS" in response.content.decode()
