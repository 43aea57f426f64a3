"""URLs for the report part of the dialogue app."""

from django.urls import path

from verkstad.dialogue.views import report

urlpatterns = [
    path("<slug:slug>/resultat/", report.report, name="report"),
    path("<slug:slug>/resultat.json", report.report_data, name="report_json"),
]
