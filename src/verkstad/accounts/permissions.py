"""Who may do what: the one place Verkstad decides it.

A person's capabilities come from the roles they hold in organisations
(:class:`~verkstad.accounts.models.Membership.role`). Staff and superusers can do
everything; anonymous and inactive users nothing. Views ask with
:func:`capability_required`, code and templates with :func:`user_can` (in templates:
``{% load accounts %}{% if request.user|can:"run_meetings" %}``).

To give a role more (or a new capability), change ``ROLE_CAPABILITIES`` below and
the permission matrix in ``tests/accounts/test_permission_matrix.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from .models import Role, User

_CACHE_ATTRIBUTE = "_verkstad_capabilities"


class Capability(models.TextChoices):
    OPEN_WORKBENCH = "open_workbench", _("Open the workbench for people with a role")
    EDIT_CONTENT = "edit_content", _("Write, edit and publish findings and sources")
    RUN_MEETINGS = "run_meetings", _("Plan meetings and run live workshop sessions")
    MODERATE_STATEMENTS = (
        "moderate_statements",
        _("Review and moderate statements in dialogues and questions in Q&A"),
    )
    VIEW_IMPACT = "view_impact", _("See reach and impact figures and export the funder report")
    MANAGE_MEMBERS = "manage_members", _("Add organisations and give people roles in them")


ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.EDITOR: frozenset(
        {
            Capability.OPEN_WORKBENCH,
            Capability.EDIT_CONTENT,
            Capability.VIEW_IMPACT,
            Capability.RUN_MEETINGS,
            Capability.MODERATE_STATEMENTS,
            Capability.MANAGE_MEMBERS,
        }
    ),
    Role.FACILITATOR: frozenset({Capability.OPEN_WORKBENCH, Capability.RUN_MEETINGS}),
    Role.MODERATOR: frozenset({Capability.OPEN_WORKBENCH, Capability.MODERATE_STATEMENTS}),
}

ALL_CAPABILITIES = frozenset(Capability)

#: The imported labour-market data: editors browse it; insight/admin.py refuses writes.
_INSIGHT_BROWSE = frozenset(
    f"insight.view_{model}"
    for model in (
        "dataset seriesbreak region ssykgroup iscogroup ssykiscolink employment "
        "escooccupation escoskill escooccupationskill occupationname substitutability "
        "exposurescore nestaoccupation occupationexposure regionyear regionmajorgroup transition"
    ).split()
)

#: What each capability lets a person do in the admin, as Django model permissions
#: ("app_label.codename", or "app_label.*" for every permission of an app's models).
#: ``accounts.backends.CapabilityBackend`` grants them; the admin opens for anyone
#: who has at least one (``core.admin_site.VerkstadAdminSite``).
CAPABILITY_ADMIN_PERMISSIONS: dict[Capability, frozenset[str]] = {
    Capability.EDIT_CONTENT: frozenset({"knowledge.*", "briefs.*"}) | _INSIGHT_BROWSE,
    # Review statements (and bulk accept/reject them) in the admin; participants read-only.
    Capability.MODERATE_STATEMENTS: frozenset(
        {
            "dialogue.view_conversation",
            "dialogue.view_statement",
            "dialogue.change_statement",
            "dialogue.view_participant",
        }
    ),
    # Set conversations up (topic, findings, moderation mode, access).
    Capability.RUN_MEETINGS: frozenset(
        {
            "dialogue.view_conversation",
            "dialogue.add_conversation",
            "dialogue.change_conversation",
            "dialogue.view_statement",
            # Meetings, agendas, registrations, minutes and actions (docs/workshops.md).
            "workshops.*",
        }
    ),
    # Record citations in plans and decisions; see the page counters (docs/impact.md).
    Capability.VIEW_IMPACT: frozenset({"impact.*"}),
    Capability.MANAGE_MEMBERS: frozenset(
        {
            # To find the person to give a role to (the membership form's search).
            "accounts.view_user",
            "accounts.view_organisation",
            "accounts.add_organisation",
            "accounts.change_organisation",
            "accounts.view_membership",
            "accounts.add_membership",
            "accounts.change_membership",
            "accounts.delete_membership",
        }
    ),
}


def role_capabilities(role: str) -> list[Capability]:
    """The capabilities a role grants, in declaration order (empty for no role)."""
    granted = ROLE_CAPABILITIES.get(Role(role), frozenset()) if role else frozenset()
    return [c for c in Capability if c in granted]


def user_capabilities(user: User | AnonymousUser) -> frozenset[Capability]:
    """Everything ``user`` may do; cached on the user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    if user.is_staff or user.is_superuser:
        capabilities = ALL_CAPABILITIES
    else:
        roles = user.memberships.exclude(role="").values_list("role", flat=True).distinct()
        capabilities = frozenset().union(*(ROLE_CAPABILITIES[Role(r)] for r in roles))
    setattr(user, _CACHE_ATTRIBUTE, capabilities)
    return capabilities


def user_can(user: User | AnonymousUser, capability: Capability | str) -> bool:
    return Capability(capability) in user_capabilities(user)


def user_admin_permissions(user: User | AnonymousUser) -> frozenset[str]:
    """The admin permissions (patterns as in ``CAPABILITY_ADMIN_PERMISSIONS``) of ``user``."""
    return frozenset().union(
        *(CAPABILITY_ADMIN_PERMISSIONS.get(c, frozenset()) for c in user_capabilities(user))
    )


def capability_required(
    capability: Capability,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Guard a view: anonymous people go to sign in; others without it get 403."""
    capability = Capability(capability)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_can(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    return decorator
