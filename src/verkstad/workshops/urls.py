"""Meeting pages (under /traffar/ in Swedish, /en/traffar/ in English)."""

from django.urls import include, path

from verkstad.workshops import views
from verkstad.workshops.live import views as live

app_name = "workshops"

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("ny/", views.meeting_create, name="meeting_create"),
    # Live sessions (docs/live-sessions.md); paths ending in /strom/ are event streams.
    path("live/<str:code>/", live.control, name="live_control"),
    path("live/<str:code>/styr/", live.control_action, name="live_action"),
    path("live/<str:code>/styr/strom/", live.control_stream, name="live_control_stream"),
    path("live/<str:code>/visning/", live.presenter, name="live_presenter"),
    path("live/<str:code>/visning/strom/", live.presenter_stream, name="live_presenter_stream"),
    path("live/<str:code>/qr.svg", live.qr_code, name="live_qr"),
    path("live/<str:code>/aktivitet/ny/", live.activity_edit, name="live_activity_create"),
    path("live/<str:code>/aktivitet/<int:pk>/", live.activity_edit, name="live_activity_edit"),
    path("<slug:slug>/live/starta/", live.session_start, name="live_start"),
    path("live/<str:code>/", include("verkstad.workshops.live.urls_text")),
    path("live/<str:code>/", include("verkstad.workshops.live.urls_report")),
    path("organisation/<int:pk>.ics", views.organisation_ical, name="organisation_ical"),
    path("<slug:slug>/", views.meeting_detail, name="meeting_detail"),
    path("<slug:slug>/kalender.ics", views.meeting_ical, name="meeting_ical"),
    path("<slug:slug>/andra/", views.meeting_edit, name="meeting_edit"),
    path("<slug:slug>/dagordning/", views.agenda_edit, name="agenda_edit"),
    path("<slug:slug>/anmalan/", views.registration_create, name="registration_create"),
    path("<slug:slug>/avanmalan/", views.registration_cancel, name="registration_cancel"),
    path("<slug:slug>/deltagare/", views.attendee_list, name="attendee_list"),
    path("<slug:slug>/narvaro.csv", views.attendance_csv, name="attendance_csv"),
    path("<slug:slug>/protokoll/", views.minutes_edit, name="minutes_edit"),
]
