"""Read-only JSON endpoints under /api/insight/ (no language prefix)."""

from django.urls import path

from verkstad.insight import api_views

app_name = "insight_api"

urlpatterns = [
    path("counties", api_views.counties, name="counties"),
    path("employment", api_views.employment, name="employment"),
    path("transitions", api_views.transitions, name="transitions"),
]
