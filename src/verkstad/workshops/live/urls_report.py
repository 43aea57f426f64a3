"""Facilitator pages for live sessions: the report and the statement round's set-up.

Included by verkstad.workshops.urls under ``live/<code>/``.
"""

from django.urls import path

from verkstad.workshops.live import views_report

urlpatterns = [
    path("rapport/", views_report.report, name="live_report"),
    path("rapport.csv", views_report.report_csv, name="live_report_csv"),
    path("rapport.pdf", views_report.report_pdf, name="live_report_pdf"),
    path(
        "aktivitet/pastaenden/",
        views_report.statements_setup,
        name="live_statements_create",
    ),
    path(
        "aktivitet/<int:pk>/pastaenden/",
        views_report.statements_setup,
        name="live_statements_edit",
    ),
]
