"""Seed step: the demo editor account."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.test import RequestFactory

from verkstad.accounts.models import ActorType, Membership, Organisation, Role, User
from verkstad.accounts.seed import DEMO_EDITOR_EMAIL, demo_password, seed_demo_accounts
from verkstad.core.seed import SeedContext

pytestmark = pytest.mark.django_db


def _run(dry_run: bool = False) -> str:
    lines: list[str] = []
    seed_demo_accounts(SeedContext(dry_run=dry_run, write=lines.append))
    return "\n".join(lines)


def _printed_password(output: str) -> str:
    match = re.search(r"password: (\S+)", output)
    assert match, output
    return match.group(1)


def test_it_creates_a_staff_editor_of_the_research_group_in_vasteras() -> None:
    _run()
    user = User.objects.get(email=DEMO_EDITOR_EMAIL)
    assert user.is_staff and user.is_active and not user.is_superuser
    organisation = Organisation.objects.get(name="NOMP, Mälardalens universitet")
    assert (organisation.actor_type, organisation.municipality_code) == (
        ActorType.FORSKNING,
        "1980",
    )
    assert Membership.objects.filter(
        user=user, organisation=organisation, role=Role.EDITOR
    ).exists()


def test_the_printed_password_signs_in() -> None:
    password = _printed_password(_run())
    request = RequestFactory().post("/konto/logga-in/")
    assert authenticate(request, username=DEMO_EDITOR_EMAIL, password=password) is not None


def test_a_second_run_prints_no_password_and_keeps_the_first() -> None:
    password = _printed_password(_run())
    again = _run()
    assert "password" in again and "password:" not in again
    assert password not in again
    assert User.objects.get(email=DEMO_EDITOR_EMAIL).check_password(password)
    assert Membership.objects.count() == 1
    assert Organisation.objects.count() == 1


def test_it_restores_a_lost_editor_membership() -> None:
    _run()
    Membership.objects.all().delete()
    output = _run()
    assert "Made redaktor@verkstad.example an editor" in output
    assert Membership.objects.filter(role=Role.EDITOR).count() == 1


def test_it_reuses_an_organisation_someone_already_made(research_group: Organisation) -> None:
    _run()
    assert Organisation.objects.get() == research_group
    assert research_group.memberships.get().user.email == DEMO_EDITOR_EMAIL


def test_a_dry_run_says_what_it_would_do_and_writes_nothing() -> None:
    output = _run(dry_run=True)
    assert "Would create the organisation NOMP, Mälardalens universitet" in output
    assert "Would create the editor redaktor@verkstad.example" in output
    assert not User.objects.exists() and not Organisation.objects.exists()

    _run()
    assert "exists; would leave it" in _run(dry_run=True)


def test_passwords_are_random_and_valid() -> None:
    passwords = {demo_password() for _ in range(20)}
    assert len(passwords) == 20
    for password in passwords:
        validate_password(password)
