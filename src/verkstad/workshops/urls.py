"""Meeting pages (under /traffar/ in Swedish, /en/traffar/ in English)."""

from django.urls import path

from verkstad.workshops import views

app_name = "workshops"

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("ny/", views.meeting_create, name="meeting_create"),
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
