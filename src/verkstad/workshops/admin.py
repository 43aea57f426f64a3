"""Meetings in the admin. People who run meetings get every workshops permission
(``CAPABILITY_ADMIN_PERMISSIONS``); registrations are read-only there, because places and
the waiting list change only through :mod:`verkstad.workshops.services`."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from verkstad.workshops.models import (
    AgendaItem,
    Decision,
    FollowUpAction,
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
