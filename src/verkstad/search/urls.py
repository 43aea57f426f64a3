"""The search page, under /sok/ (Swedish) and /en/sok/ (English)."""

from django.urls import path

from verkstad.search import views

app_name = "search"

urlpatterns = [path("", views.search_page, name="search")]
