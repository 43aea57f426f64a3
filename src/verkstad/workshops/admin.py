"""Meetings in the admin. People who run meetings get every workshops permission
(``CAPABILITY_ADMIN_PERMISSIONS``); registrations are read-only there, because places and
the waiting list change only through :mod:`verkstad.workshops.services`."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from verkstad.workshops.models import (
    Activity,
    AgendaItem,
    Decision,
    FollowUpAction,
    LiveSession,
    Meeting,
    Registration,
)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    raw_id_fields = ["finding", "conversation", "question"]


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


class FollowUpActionInline(admin.TabularInline):
    model = FollowUpAction
    extra = 0
    readonly_fields = ["closed_at"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title_sv", "starts_at", "status", "capacity"]
    list_filter = ["status"]
    search_fields = ["slug", "title_sv", "title_en"]
    prepopulated_fields = {"slug": ["title_sv"]}
    filter_horizontal = ["organisers"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline, DecisionInline, FollowUpActionInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["meeting", "status", "actor_type", "created_at"]
    list_filter = ["status", "actor_type"]
    readonly_fields = [
        "meeting",
        "user",
        "actor_type",
        "status",
        "created_at",
        "promoted_at",
        "cancelled_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(FollowUpAction)
class FollowUpActionAdmin(admin.ModelAdmin):
    list_display = ["what", "meeting", "owner", "due_date", "status"]
    list_filter = ["status"]
    readonly_fields = ["closed_at"]


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    fields = ["position", "kind", "prompt_sv", "prompt_en", "state", "revealed", "learning_phase"]
    readonly_fields = ["state", "revealed"]
    show_change_link = False


@admin.register(LiveSession)
class LiveSessionAdmin(admin.ModelAdmin):
    """Sessions are run from their control page; here they can be found, renamed or ended.

    Participants, answers and texts are not shown: they are only ever read as totals.
    """

    list_display = ["code", "meeting", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["code", "meeting__title_sv", "meeting__title_en"]
    readonly_fields = ["code", "meeting", "current", "version", "created_by", "created_at"]
    fields = [*readonly_fields, "status", "locked", "ended_at"]
    inlines = [ActivityInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
