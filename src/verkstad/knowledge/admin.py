"""Editors' admin: draft → review → published, and each row's history with diffs."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from verkstad.knowledge.models import (
    BigQuestion,
    ContextFact,
    EditorialStatus,
    Finding,
    FindingAudience,
    FindingSource,
    Recommendation,
    RevisionOrigin,
    SeedStatement,
    Source,
    Theme,
)
from verkstad.knowledge.records import KINDS, Kind, as_dict
from verkstad.knowledge.revisions import revision_diff, revision_list, revision_record


class RevisionAdminMixin:
    """Records a revision after every save in the admin and shows the history."""

    kind: Kind

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        obj = form.instance
        revision_record(
            obj=obj,
            snapshot=as_dict(self.kind, obj),
            origin=RevisionOrigin.ADMIN,
            author=request.user,
        )

    @admin.display(description=_("History"))
    def history(self, obj: Any) -> str:
        if obj is None or obj.pk is None:
            return "–"
        revisions = list(revision_list(obj=obj))
        if not revisions:
            return _("No revisions yet.")
        rows = []
        for index, revision in enumerate(revisions):
            older = revisions[index + 1] if index + 1 < len(revisions) else None
            diff = "\n".join(revision_diff(older=older, newer=revision)[2:])
            who = revision.author or revision.get_origin_display()
            rows.append((revision.created_at.strftime("%Y-%m-%d %H:%M"), who, diff))
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "", "<li><p>{} – {}</p><pre>{}</pre></li>", ((a, b, c) for a, b, c in rows)
            ),
        )


class FindingSourceInline(admin.TabularInline):
    model = FindingSource
    extra = 0
    min_num = 1
    autocomplete_fields = ["source"]


class FindingAudienceInline(admin.StackedInline):
    model = FindingAudience
    extra = 0


def _set_status(request: HttpRequest, queryset: QuerySet[Finding], status: EditorialStatus) -> None:
    count = 0
    for finding in queryset:
        finding.status = status
        finding.save()
        revision_record(
            obj=finding,
            snapshot=as_dict(KINDS["finding"], finding),
            origin=RevisionOrigin.ADMIN,
            author=request.user,
        )
        count += 1
    messages.success(
        request,
        ngettext(
            "%(count)d finding is now “%(status)s”.",
            "%(count)d findings are now “%(status)s”.",
            count,
        )
        % {"count": count, "status": status.label},
    )


@admin.register(Finding)
class FindingAdmin(RevisionAdminMixin, admin.ModelAdmin):
    kind = KINDS["finding"]
    list_display = [
        "number",
        "title_sv",
        "status",
        "verification",
        "evidence_strength",
        "summary_lix",
        "preview",
    ]
    list_display_links = ["number", "title_sv"]
    list_filter = ["status", "verification", "evidence_type", "evidence_strength", "themes"]
    search_fields = ["title_sv", "title_en", "claim_sv", "claim_en", "slug"]
    filter_horizontal = ["themes", "questions", "related"]
    readonly_fields = ["preview", "summary_lix", "published_at", "content_hash", "history"]
    inlines = [FindingSourceInline, FindingAudienceInline]
    actions = ["send_to_review", "publish", "back_to_draft"]

    @admin.display(description=_("Page on the site"))
    def preview(self, obj: Finding | None) -> str:
        """A link to the finding's public page; editors see drafts there with a banner."""
        if obj is None or obj.pk is None:
            return "–"
        if obj.status == EditorialStatus.PUBLISHED:
            label = _("View on the site")
        else:
            label = _("Preview the draft on the site")
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), label)

    @admin.action(description=_("Send the selected findings to review"))
    def send_to_review(self, request: HttpRequest, queryset: QuerySet[Finding]) -> None:
        _set_status(request, queryset, EditorialStatus.REVIEW)

    @admin.action(description=_("Publish the selected findings"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Finding]) -> None:
        _set_status(request, queryset, EditorialStatus.PUBLISHED)

    @admin.action(description=_("Move the selected findings back to draft"))
    def back_to_draft(self, request: HttpRequest, queryset: QuerySet[Finding]) -> None:
        _set_status(request, queryset, EditorialStatus.DRAFT)


@admin.register(Source)
class SourceAdmin(RevisionAdminMixin, admin.ModelAdmin):
    kind = KINDS["source"]
    list_display = ["code", "title", "year", "verification"]
    list_filter = ["publication_type", "verification"]
    search_fields = ["title", "code", "slug", "container"]
    readonly_fields = ["content_hash", "history"]


@admin.register(Theme)
class ThemeAdmin(RevisionAdminMixin, admin.ModelAdmin):
    kind = KINDS["theme"]
    list_display = ["position", "title_sv", "title_en"]
    readonly_fields = ["content_hash", "history"]


class SeedStatementInline(admin.TabularInline):
    model = SeedStatement
    extra = 0
    autocomplete_fields = ["finding"]


@admin.register(BigQuestion)
class BigQuestionAdmin(RevisionAdminMixin, admin.ModelAdmin):
    kind = KINDS["question"]
    list_display = ["number", "title_sv", "title_en"]
    readonly_fields = ["content_hash", "history"]
    inlines = [SeedStatementInline]


@admin.register(Recommendation)
class RecommendationAdmin(RevisionAdminMixin, admin.ModelAdmin):
    kind = KINDS["recommendation"]
    list_display = ["number", "heading", "text_sv", "verification"]
    list_filter = ["heading", "verification"]
    filter_horizontal = ["sources", "findings"]
    readonly_fields = ["content_hash", "history"]


@admin.register(ContextFact)
class ContextFactAdmin(RevisionAdminMixin, admin.ModelAdmin):
    kind = KINDS["context_fact"]
    list_display = ["number", "text_sv", "year", "verification"]
    list_filter = ["verification"]
    filter_horizontal = ["themes"]
    readonly_fields = ["content_hash", "history"]
