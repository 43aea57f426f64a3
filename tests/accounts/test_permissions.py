"""user_can as a table: every persona × every capability, plus the decorator's behaviour."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from tests.factories import MembershipFactory, UserFactory
from verkstad.accounts.models import Role
from verkstad.accounts.permissions import (
    ROLE_CAPABILITIES,
    Capability,
    capability_required,
    role_capabilities,
    user_can,
)

C = Capability
EVERYTHING = set(Capability)

EXPECTED: dict[str | None, set[Capability]] = {
    None: set(),
    "participant_per": set(),
    "outsider_olle": set(),
    "moderator_maja": {C.OPEN_WORKBENCH, C.MODERATE_STATEMENTS},
    "facilitator_fia": {C.OPEN_WORKBENCH, C.RUN_MEETINGS},
    "editor_eva": {
        C.OPEN_WORKBENCH,
        C.EDIT_CONTENT,
        C.VIEW_IMPACT,
        C.RUN_MEETINGS,
        C.MODERATE_STATEMENTS,
        C.MANAGE_MEMBERS,
    },
    "staff_sam": EVERYTHING,
}


@pytest.mark.parametrize("capability", list(Capability))
@pytest.mark.parametrize("persona", list(EXPECTED))
def test_user_can(request, db, persona, capability):
    user = AnonymousUser() if persona is None else request.getfixturevalue(persona)
    assert user_can(user, capability) is (capability in EXPECTED[persona])
    assert user_can(user, capability.value) is (capability in EXPECTED[persona])


def test_a_superuser_can_do_everything(db):
    user = UserFactory(is_superuser=True)
    assert all(user_can(user, c) for c in Capability)


def test_an_inactive_user_can_do_nothing(db):
    user = UserFactory(is_active=False, is_staff=True)
    MembershipFactory(user=user, role=Role.EDITOR)
    assert not any(user_can(user, c) for c in Capability)


def test_roles_in_several_organisations_add_up(db):
    user = UserFactory()
    MembershipFactory(user=user, role=Role.MODERATOR)
    MembershipFactory(user=user, role=Role.FACILITATOR)
    MembershipFactory(user=user, role="")
    assert user_can(user, C.RUN_MEETINGS)
    assert user_can(user, C.MODERATE_STATEMENTS)
    assert not user_can(user, C.EDIT_CONTENT)


def test_every_role_has_an_entry_and_the_workbench():
    assert set(ROLE_CAPABILITIES) == set(Role)
    for role in Role:
        assert C.OPEN_WORKBENCH in role_capabilities(role)
    assert role_capabilities("") == []


def test_an_unknown_capability_is_an_error(participant_per):
    with pytest.raises(ValueError):
        user_can(participant_per, "fly")


def _view(request):
    return HttpResponse("ok")


guarded = capability_required(C.RUN_MEETINGS)(_view)


def test_the_decorator_sends_anonymous_people_to_sign_in(db):
    request = RequestFactory().get("/mote/1/")
    request.user = AnonymousUser()
    with translation.override("sv"):
        response = guarded(request)
    assert response.status_code == 302
    assert response["Location"] == "/konto/logga-in/?next=/mote/1/"


def test_the_decorator_refuses_without_the_capability(moderator_maja):
    request = RequestFactory().get("/")
    request.user = moderator_maja
    with pytest.raises(PermissionDenied):
        guarded(request)


def test_the_decorator_lets_through_with_the_capability(facilitator_fia):
    request = RequestFactory().get("/")
    request.user = facilitator_fia
    assert guarded(request).content == b"ok"
