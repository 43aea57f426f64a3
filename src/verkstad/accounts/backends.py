"""Model permissions from roles: an editor may edit findings in the admin, and so on.

Django's admin asks the authentication backends for model permissions. This backend
answers from :data:`verkstad.accounts.permissions.CAPABILITY_ADMIN_PERMISSIONS`, so
that roles held in organisations, not per-user permission rows, decide what someone
may do there. Superusers keep everything through Django's own ``ModelBackend``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend

from .permissions import user_admin_permissions


class CapabilityBackend(BaseBackend):
    """Grants model permissions by capability; never authenticates anyone."""

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        granted = user_admin_permissions(user_obj)
        if perm in granted:
            return True
        app_label = perm.split(".", 1)[0]
        return f"{app_label}.*" in granted

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return any(p.split(".", 1)[0] == app_label for p in user_admin_permissions(user_obj))
