"""Dialogue in the admin: conversations, statements (with moderation actions), participants.

Moderators (``MODERATE_STATEMENTS``) may view and change statements; facilitators
(``RUN_MEETINGS``) may add and change conversations (``CAPABILITY_ADMIN_PERMISSIONS``).
Participants are read-only for everyone, and only staff see which account a participant is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from verkstad.dialogue.models import Conversation, Participant, Statement, StatementStatus
from verkstad.dialogue.moderation import PRESET_REASONS, statement_accept, statement_reject


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = [
        "topic_sv",
        "slug",
        "moderation",
        "is_open",
        "n_statements",
        "n_pending",
        "links",
    ]
    list_filter = ["is_open", "moderation", "access"]
    search_fields = ["slug", "topic_sv", "topic_en"]
    prepopulated_fields = {"slug": ["topic_sv"]}
    filter_horizontal = ["findings"]
    readonly_fields = [
        "join_token",
        "created_by",
        "created_at",
        "map_stale_since",
        "map_running_since",
        "links",
    ]
    fieldsets = [
        (None, {"fields": ["slug", "topic_sv", "topic_en", "description_sv", "description_en"]}),
        (_("Research"), {"fields": ["question", "findings"]}),
        (
            _("Taking part"),
            {"fields": ["is_open", "moderation", "participants_may_add", "access", "closed_at"]},
        ),
        (
            _("Record"),
            {
                "fields": [
                    "links",
                    "join_token",
                    "created_by",
                    "created_at",
                    "map_stale_since",
                    "map_running_since",
                ]
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Conversation]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                _n_statements=Count("statements"),
                _n_pending=Count("statements", filter=Q(statements__status="pending")),
            )
        )

    @admin.display(description=_("statements"), ordering="_n_statements")
    def n_statements(self, obj: Conversation) -> int:
        return getattr(obj, "_n_statements", 0)

    @admin.display(description=_("waiting"), ordering="_n_pending")
    def n_pending(self, obj: Conversation) -> int:
        return getattr(obj, "_n_pending", 0)

    @admin.display(description=_("links"))
    def links(self, obj: Conversation) -> str:
        if obj is None or obj.pk is None:
            return "–"
        statements = (
            reverse("admin:dialogue_statement_changelist") + f"?conversation__id__exact={obj.pk}"
        )
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            statements,
            _("Statements"),
            reverse("dialogue:moderation_queue", args=[obj.slug]),
            _("Moderation queue"),
            reverse("dialogue:conversation_export", args=[obj.slug]),
            _("Export (zip)"),
        )

    def save_model(self, request: HttpRequest, obj: Conversation, form: Any, change: bool) -> None:
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


def _reject_action(code: str, label: Any) -> Callable[..., None]:
    def action(modeladmin: StatementAdmin, request: HttpRequest, queryset: QuerySet) -> None:
        changed = statement_reject(
            statements=list(queryset), moderator=request.user, reason=str(label)
        )
        modeladmin.message_user(
            request,
            ngettext("Rejected %(n)d statement.", "Rejected %(n)d statements.", changed)
            % {"n": changed},
            messages.SUCCESS,
        )

    action.__name__ = f"reject_{code}"
    return admin.action(
        description=lazy(lambda: gettext("Reject: %(reason)s") % {"reason": label}, str)(),
        permissions=["change"],
    )(action)


class DuplicateFilter(admin.SimpleListFilter):
    title = _("near-duplicate")
    parameter_name = "duplicate"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Flagged as a near-duplicate")), ("no", _("Not flagged"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(duplicate_of__isnull=False)
        if self.value() == "no":
            return queryset.filter(duplicate_of__isnull=True)
        return queryset


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "short_text",
        "conversation",
        "status",
        "is_seed",
        "duplicate",
        "created_at",
    ]
    list_display_links = ["number", "short_text"]
    list_filter = ["status", DuplicateFilter, "is_seed", "is_meta", "language", "conversation"]
    search_fields = ["text"]
    list_select_related = ["conversation", "duplicate_of"]
    raw_id_fields = ["duplicate_of", "finding", "seed_statement"]
    readonly_fields = [
        "conversation",
        "number",
        "author_number",
        "moderated_by",
        "moderated_at",
        "duplicate_of",
        "duplicate_score",
        "created_at",
    ]
    fields = [
        "conversation",
        "number",
        "text",
        "language",
        "author_number",
        "status",
        "reason",
        "moderated_by",
        "moderated_at",
        "is_seed",
        "is_meta",
        "finding",
        "duplicate_of",
        "duplicate_score",
        "created_at",
    ]
    actions = [
        "accept",
        *(_reject_action(code, label) for code, label in PRESET_REASONS),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # statements come from participants, seeds and imports

    @admin.display(description=_("text"))
    def short_text(self, obj: Statement) -> str:
        return obj.text[:100]

    @admin.display(description=_("author"))
    def author_number(self, obj: Statement) -> str:
        return f"#{obj.author.number}" if obj.author else "–"

    @admin.display(description=_("duplicate of"))
    def duplicate(self, obj: Statement) -> str:
        if not obj.duplicate_of_id:
            return ""
        return f"#{obj.duplicate_of.number} ({obj.duplicate_score or 0:.2f})"

    @admin.action(description=_("Accept the selected statements"), permissions=["change"])
    def accept(self, request: HttpRequest, queryset: QuerySet[Statement]) -> None:
        changed = statement_accept(statements=list(queryset), moderator=request.user)
        self.message_user(
            request,
            ngettext("Accepted %(n)d statement.", "Accepted %(n)d statements.", changed)
            % {"n": changed},
            messages.SUCCESS,
        )

    def save_model(self, request: HttpRequest, obj: Statement, form: Any, change: bool) -> None:
        if change and "status" in form.changed_data:
            if obj.status == StatementStatus.REJECTED and not obj.reason.strip():
                obj.reason = str(_("Rejected in the admin"))
            super().save_model(request, obj, form, change)
            if obj.status != StatementStatus.PENDING:
                method = (
                    statement_accept if obj.status == StatementStatus.ACCEPTED else statement_reject
                )
                kwargs = {} if obj.status == StatementStatus.ACCEPTED else {"reason": obj.reason}
                method(statements=[obj], moderator=request.user, **kwargs)
            return
        super().save_model(request, obj, form, change)


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    """Read-only: numbers, declared actor type and activity; the account only for staff."""

    list_display = [
        "number",
        "conversation",
        "actor_type",
        "imported",
        "n_votes",
        "n_statements",
        "created_at",
    ]
    list_filter = ["imported", "actor_type", "conversation"]
    list_select_related = ["conversation"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Participant]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                _n_votes=Count("current_votes", distinct=True),
                _n_statements=Count("statements", distinct=True),
            )
        )

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = [
            "conversation",
            "number",
            "actor_type",
            "imported",
            "n_votes",
            "n_statements",
            "created_at",
        ]
        if request.user.is_staff or request.user.is_superuser:
            fields.insert(2, "user")
        return fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return self.get_fields(request, obj)

    @admin.display(description=_("votes"), ordering="_n_votes")
    def n_votes(self, obj: Participant) -> int:
        return getattr(obj, "_n_votes", 0)

    @admin.display(description=_("statements"), ordering="_n_statements")
    def n_statements(self, obj: Participant) -> int:
        return getattr(obj, "_n_statements", 0)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
