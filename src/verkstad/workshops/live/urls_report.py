"""Facilitator pages for live sessions (report); included by verkstad.workshops.urls."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
