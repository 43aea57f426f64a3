from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from verkstad.impact.models import KnowledgeUse, PageCount


@admin.register(KnowledgeUse)
class KnowledgeUseAdmin(admin.ModelAdmin):
    list_display = ["day", "finding", "channel", "outcome", "actor_type", "municipality_code",
                    "organisation_name", "count", "automatic"]  # fmt: skip
    list_filter = ["automatic", "channel", "outcome", "actor_type"]
    search_fields = ["reference", "organisation_name", "finding__slug", "finding__title_sv"]
    date_hierarchy = "day"
    readonly_fields = ["automatic", "source_key", "recorded_by", "created_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request: HttpRequest, obj: KnowledgeUse, form, change: bool) -> None:
        if not change:
            obj.recorded_by = request.user
        if obj.municipality_code:
            obj.county_code = obj.municipality_code[:2]
        super().save_model(request, obj, form, change)

    def has_change_permission(self, request: HttpRequest, obj: KnowledgeUse | None = None) -> bool:
        # The platform's counters are not edited by hand.
        if obj is not None and obj.automatic:
            return False
        return super().has_change_permission(request, obj)


@admin.register(PageCount)
class PageCountAdmin(admin.ModelAdmin):
    """Read only: the counters are the server's."""

    list_display = ["day", "path", "view_name", "kind", "count"]
    list_filter = ["kind"]
    search_fields = ["path", "view_name"]
    date_hierarchy = "day"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: PageCount | None = None) -> bool:
        return False
