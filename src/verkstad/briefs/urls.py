from django.urls import path

from verkstad.briefs import views

app_name = "briefs"

urlpatterns = [
    path("", views.brief_builder, name="brief_builder"),
    path("<str:region>/<str:audience>/<str:lang>/", views.brief_detail, name="brief_detail"),
    path("<str:region>/<str:audience>/<str:lang>/pdf/", views.brief_pdf, name="brief_pdf"),
    path("<str:region>/<str:audience>/<str:lang>/redigera/", views.brief_edit, name="brief_edit"),
]
