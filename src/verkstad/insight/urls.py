"""Local insight pages, under /insikt/ (Swedish) and /en/insikt/ (English)."""

from django.urls import path

from verkstad.insight import views

app_name = "insight"

urlpatterns = [
    path("", views.county_list, name="county_list"),
    path("lan/<str:code>/", views.county_detail, name="county_detail"),
    path("lan/<str:code>/kompetenser/", views.county_skills, name="county_skills"),
    path("lan/<str:code>/<slug:chart>.csv", views.county_csv, name="county_csv"),
    path("yrken/", views.occupation_list, name="occupation_list"),
    path("yrken/<str:code>/", views.occupation_detail, name="occupation_detail"),
    path("yrken/<str:code>/<slug:chart>.csv", views.occupation_csv, name="occupation_csv"),
    path("jamfor/lan/", views.county_compare, name="county_compare"),
    path("jamfor/yrken/", views.occupation_compare, name="occupation_compare"),
    path("om-data/", views.data_sources, name="data_sources"),
]
