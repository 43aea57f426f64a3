"""Read-only admin for the imported labour-market data and what derives from it.

Every row here comes from ``verkstad import_labour_data`` (or is recomputed by it), so
editors may browse and search but never add, change or delete: a hand edit would be lost
at the next import and would break the provenance each row carries. Editors get the
``view`` permissions through ``accounts.permissions.CAPABILITY_ADMIN_PERMISSIONS``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from verkstad.insight.models import (
    DataSet,
    Employment,
    EscoOccupation,
    EscoOccupationSkill,
    EscoSkill,
    ExposureScore,
    IscoGroup,
    NestaOccupation,
    OccupationExposure,
    OccupationName,
    Region,
    RegionMajorGroup,
    RegionYear,
    SeriesBreak,
    SsykGroup,
    SsykIscoLink,
    Substitutability,
    Transition,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Browse and search only; the importer is the one writer."""

    list_per_page = 50
    #: Large tables (198,198 employment rows): skip the unfiltered count on every page.
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DataSet)
class DataSetAdmin(ReadOnlyAdmin):
    list_display = ["slug", "name", "version", "licence", "row_count", "imported_at"]
    search_fields = ["slug", "name", "publisher"]


@admin.register(SeriesBreak)
class SeriesBreakAdmin(ReadOnlyAdmin):
    list_display = ["dataset", "year_before", "year_after", "note_en"]


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_sv", "name_en", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name_sv", "name_en"]


@admin.register(SsykGroup)
class SsykGroupAdmin(ReadOnlyAdmin):
    list_display = ["code", "level", "label_sv", "label_en"]
    list_filter = ["level"]
    search_fields = ["code", "label_sv", "label_en"]


@admin.register(IscoGroup)
class IscoGroupAdmin(ReadOnlyAdmin):
    list_display = ["code", "label_sv", "label_en"]
    search_fields = ["code", "label_sv", "label_en"]


@admin.register(SsykIscoLink)
class SsykIscoLinkAdmin(ReadOnlyAdmin):
    list_display = ["ssyk", "isco", "ssyk_jobtech", "weight", "method"]
    list_select_related = ["ssyk", "isco"]
    search_fields = ["ssyk__code", "isco__code"]


@admin.register(Employment)
class EmploymentAdmin(ReadOnlyAdmin):
    list_display = ["region", "ssyk", "year", "sex", "employees"]
    list_filter = ["year", "sex", "region"]
    list_select_related = ["region", "ssyk"]
    search_fields = ["ssyk__code"]


@admin.register(EscoOccupation)
class EscoOccupationAdmin(ReadOnlyAdmin):
    list_display = ["label_en", "isco", "esco_code", "uri"]
    search_fields = ["label_en", "isco", "uri"]


@admin.register(EscoSkill)
class EscoSkillAdmin(ReadOnlyAdmin):
    list_display = ["label_en", "skill_type", "reuse_level", "is_digital", "is_green"]
    list_filter = ["is_digital", "is_green", "is_transversal", "skill_type"]
    search_fields = ["label_en", "uri"]


@admin.register(EscoOccupationSkill)
class EscoOccupationSkillAdmin(ReadOnlyAdmin):
    list_display = ["occupation", "skill", "relation"]
    list_filter = ["relation"]
    list_select_related = ["occupation", "skill"]
    search_fields = ["occupation__label_en", "skill__label_en"]


@admin.register(OccupationName)
class OccupationNameAdmin(ReadOnlyAdmin):
    list_display = ["label_sv", "ssyk_jobtech", "id"]
    search_fields = ["label_sv", "ssyk_jobtech"]


@admin.register(Substitutability)
class SubstitutabilityAdmin(ReadOnlyAdmin):
    list_display = ["name", "relation", "other", "percentage"]
    list_filter = ["percentage", "relation"]
    list_select_related = ["name", "other"]
    search_fields = ["name__label_sv", "other__label_sv"]


@admin.register(ExposureScore)
class ExposureScoreAdmin(ReadOnlyAdmin):
    list_display = ["index", "code", "year", "value", "percentile", "category"]
    list_filter = ["index", "classification"]
    search_fields = ["code"]


@admin.register(NestaOccupation)
class NestaOccupationAdmin(ReadOnlyAdmin):
    list_display = ["esco_uri", "isco", "risk_category", "job_zone"]
    list_filter = ["risk_category"]
    search_fields = ["isco", "esco_uri"]


@admin.register(OccupationExposure)
class OccupationExposureAdmin(ReadOnlyAdmin):
    list_display = ["ssyk", "index", "value", "percentile", "category", "coverage"]
    list_filter = ["index"]
    list_select_related = ["ssyk"]
    search_fields = ["ssyk__code", "ssyk__label_sv"]


@admin.register(RegionYear)
class RegionYearAdmin(ReadOnlyAdmin):
    list_display = ["region", "year", "employees", "women", "metal_employees"]
    list_filter = ["year", "region"]
    list_select_related = ["region"]


@admin.register(RegionMajorGroup)
class RegionMajorGroupAdmin(ReadOnlyAdmin):
    list_display = ["region", "year", "major", "men", "women"]
    list_filter = ["year", "major", "region"]
    list_select_related = ["region"]


@admin.register(Transition)
class TransitionAdmin(ReadOnlyAdmin):
    list_display = ["source", "rank", "target", "score", "skill_overlap", "substitutability"]
    list_select_related = ["source", "target"]
    search_fields = ["source__code", "target__code"]
