"""Django's admin app with our site class (kept apart from ``core.apps``, which may
declare only one app config)."""

from django.contrib.admin.apps import AdminConfig


class VerkstadAdminConfig(AdminConfig):
    default_site = "verkstad.core.admin_site.VerkstadAdminSite"
