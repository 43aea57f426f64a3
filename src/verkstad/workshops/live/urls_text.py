"""Facilitator pages for live sessions (text); included by verkstad.workshops.urls."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
