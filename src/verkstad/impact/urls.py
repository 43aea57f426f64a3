from django.urls import path

from verkstad.impact import views

app_name = "impact"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("rapport/", views.report_html, name="report_html"),
    path("rapport.csv", views.report_csv, name="report_csv"),
    path("rapport.pdf", views.report_pdf, name="report_pdf"),
    path("anvandning/", views.use_list, name="use_list"),
    path("anvandning/ny/", views.use_create, name="use_create"),
]
