"""Public knowledge pages, under /kunskap/ (Swedish) and /en/kunskap/ (English)."""

from django.urls import path, register_converter

from verkstad.knowledge import views
from verkstad.knowledge.citations import FORMATS
from verkstad.knowledge.feeds import FindingFeed

app_name = "knowledge"


class CitationFormatConverter:
    """``bib``, ``ris`` or ``json``: the file extension of a citation export."""

    regex = "|".join(FORMATS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CitationFormatConverter, "citation_format")

urlpatterns = [
    path("", views.finding_list, name="finding_list"),
    path("flode/", FindingFeed(), name="finding_feed"),
    path("jamfor/", views.finding_compare, name="finding_compare"),
    path("fynd/<slug:slug>/", views.finding_detail, name="finding_detail"),
    path("teman/", views.theme_list, name="theme_list"),
    path("teman/<slug:slug>/", views.theme_detail, name="theme_detail"),
    path("fragor/", views.question_list, name="question_list"),
    path("fragor/<slug:slug>/", views.question_detail, name="question_detail"),
    path("kallor/", views.source_list, name="source_list"),
    path(
        "kallor/urval.<citation_format:fmt>",
        views.citation_export_view,
        name="citation_export",
    ),
    path("kallor/<slug:slug>/", views.source_detail, name="source_detail"),
    path(
        "kallor/<slug:slug>/citera.<citation_format:fmt>",
        views.source_citation,
        name="source_citation",
    ),
    path("rekommendationer/", views.recommendation_list, name="recommendation_list"),
    path("fakta/", views.context_fact_list, name="context_fact_list"),
    path("evidens/", views.evidence_rubric, name="evidence_rubric"),
]
