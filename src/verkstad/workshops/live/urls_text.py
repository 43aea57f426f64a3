"""Facilitator pages for live sessions (text); included by verkstad.workshops.urls.

Under ``/traffar/live/<code>/``; see :mod:`verkstad.workshops.live.views_text`.
"""

from django.urls import path

from verkstad.workshops.live import views_text

urlpatterns = [
    path("texter/<int:activity_id>/", views_text.texts, name="live_texts"),
    path("framtidsverkstad/ny/", views_text.future_create, name="live_future_create"),
    path("fran-fynd/", views_text.from_finding, name="live_from_finding"),
]
