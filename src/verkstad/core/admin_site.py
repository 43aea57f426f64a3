"""The admin site: open to staff and to anyone whose role grants admin permissions."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from verkstad.accounts.permissions import user_admin_permissions


class VerkstadAdminSite(admin.AdminSite):
    site_header = _("Verkstad administration")
    site_title = _("Verkstad")
    index_title = _("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return user.is_active and (user.is_staff or bool(user_admin_permissions(user)))
