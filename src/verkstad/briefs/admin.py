from django.contrib import admin

from verkstad.briefs.models import Brief


@admin.register(Brief)
class BriefAdmin(admin.ModelAdmin):
    list_display = ["__str__", "county", "municipality_code", "audience", "language",
                    "pdf_rendered_at", "has_error"]  # fmt: skip
    list_filter = ["county", "audience", "language"]
    filter_horizontal = ["conversations"]
    readonly_fields = ["content_hash", "pdf", "pdf_rendered_at", "pdf_error", "created_by",
                       "created_at"]  # fmt: skip
    fields = ["county", "municipality_code", "audience", "language", "introduction",
              "conversations", *readonly_fields]  # fmt: skip

    @admin.display(boolean=True, description="PDF error")
    def has_error(self, obj: Brief) -> bool:
        return bool(obj.pdf_error)
