"""The phones' short address: /delta/ (Swedish) and /en/delta/ (English).

Paths ending in ``/strom/`` are event streams (see :mod:`verkstad.core.concurrency`).
"""

from django.urls import path

from verkstad.workshops.live import views

app_name = "live_join"

urlpatterns = [
    path("", views.join, name="join"),
    path("<str:code>/", views.join_code, name="join_code"),
    path("<str:code>/fraga/", views.phone_activity, name="phone_activity"),
    path("<str:code>/svar/<int:activity_id>/", views.answer, name="answer"),
    path("<str:code>/strom/", views.phone_stream, name="phone_stream"),
    path("<str:code>/lage/", views.phone_state, name="phone_state"),
    path("<str:code>/lamna/", views.leave, name="leave"),
]
