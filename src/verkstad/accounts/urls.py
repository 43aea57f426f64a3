from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("logga-ut/", views.LogoutView.as_view(), name="logout"),
    path("skapa-konto/", views.signup, name="signup"),
    path("losenord/", views.PasswordResetView.as_view(), name="password_reset"),
    path("losenord/skickat/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "losenord/nytt/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "losenord/klart/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("mina-uppgifter/", views.my_data, name="my_data"),
    path("mina-uppgifter/ladda-ner/", views.my_data_export, name="my_data_export"),
    path(
        "mina-uppgifter/samtycken/<int:pk>/aterkalla/",
        views.consent_withdraw_view,
        name="consent_withdraw",
    ),
    path("mina-uppgifter/radera-konto/", views.account_delete, name="account_delete"),
    path("arbetsyta/", views.workbench, name="workbench"),
]
