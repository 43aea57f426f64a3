"""Dialogue pages (under /dialog/ in Swedish, /en/dialog/ in English).

Each part of the app keeps its own URL list: taking part (``urls_participate``), moderation,
import and export (``urls_moderate``) and the report (``urls_report``).
"""

from verkstad.dialogue import urls_moderate, urls_participate, urls_report

app_name = "dialogue"

# Moderation first: its fixed addresses (``moderera/``, ``importera/``) would otherwise be
# taken for a conversation's ``<slug>/``.
urlpatterns = [
    *urls_moderate.urlpatterns,
    *urls_participate.urlpatterns,
    *urls_report.urlpatterns,
]
