"""Sign in and up, password reset, "Mina uppgifter", account deletion and the workbench."""

from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy, translate_url
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .forms import (
    AccountDeleteForm,
    EmailAuthenticationForm,
    LocalisedPasswordResetForm,
    ProfileForm,
    SignUpForm,
)
from .models import Consent, User
from .permissions import Capability, capability_required, role_capabilities, user_capabilities
from .personal_data import personal_data_json
from .services import account_erase, consent_withdraw, user_profile_update, user_sign_up

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _home_for(user: User) -> str:
    """Where a person lands after signing in: their data, in their own language."""
    with translation.override(user.preferred_language):
        return reverse(settings.LOGIN_REDIRECT_URL)


def _posted(request: HttpRequest) -> Any:
    """The POST data for a form, or None on GET (an empty POST still gets errors)."""
    return request.POST if request.method == "POST" else None


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


# --- signing in and out -----------------------------------------------------------------


class LoginView(auth_views.LoginView):
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return _home_for(self.request.user)


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        was_signed_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_signed_in:
            messages.success(request, _("You are signed out."))
        return response


@never_cache
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_home_for(request.user))
    form = SignUpForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            user = user_sign_up(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                display_name=form.cleaned_data["display_name"],
                preferred_language=get_language() or settings.LANGUAGE_CODE,
            )
        except IntegrityError:
            # Someone signed up with this address between the check and the insert.
            form.add_error("email", _("There is already an account with this e-mail address."))
        else:
            login(request, user, backend=MODEL_BACKEND)
            messages.success(request, _("Welcome! Your account is ready and you are signed in."))
            return redirect(_safe_next(request) or _home_for(user))
    return render(request, "accounts/signup.html", {"form": form, "next": _safe_next(request)})


# --- password reset ---------------------------------------------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    form_class = LocalisedPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Form) -> HttpResponse:
        response = super().form_valid(form)
        # Whoever can read the mailbox may sign in again straight away.
        axes_reset(username=self.user.email)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    pass


# --- "Mina uppgifter" ----------------------------------------------------------------------


@never_cache
@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    user: User = request.user
    form = ProfileForm(_posted(request), instance=user)
    if request.method == "POST":
        old_language = user.preferred_language
        if form.is_valid():
            user_profile_update(
                user=user,
                display_name=form.cleaned_data["display_name"],
                preferred_language=form.cleaned_data["preferred_language"],
            )
            new_language = user.preferred_language
            with translation.override(new_language):
                messages.success(request, _("Your details are saved."))
            target = reverse("accounts:my_data")
            if new_language != old_language:
                target = translate_url(target, new_language)
            return redirect(target)
        user.refresh_from_db()
    context = {
        "form": form,
        "memberships": user.memberships.select_related("organisation").order_by(
            "organisation__name", "role"
        ),
        "consents": user.consents.all(),
        "can_open_workbench": Capability.OPEN_WORKBENCH in user_capabilities(user),
    }
    return render(request, "accounts/my_data.html", context)


@never_cache
@login_required
def my_data_export(request: HttpRequest) -> HttpResponse:
    body = personal_data_json(user=request.user)
    filename = f"verkstad-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@login_required
def consent_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    consent = get_object_or_404(Consent, pk=pk, user=request.user)
    if consent.can_withdraw:
        consent_withdraw(consent=consent)
        messages.success(request, _("Your consent is withdrawn."))
    else:
        messages.error(request, _("This consent is already withdrawn or cannot be withdrawn."))
    return redirect("accounts:my_data")


@never_cache
@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    user: User = request.user
    form = AccountDeleteForm(_posted(request), request=request, user=user)
    if request.method == "POST" and form.is_valid():
        account_erase(user=user)
        logout(request)
        messages.success(
            request,
            _(
                "Your account and your personal data are deleted. What you contributed "
                "is kept only in anonymised form. Thank you for taking part."
            ),
        )
        return HttpResponseRedirect(reverse("core:home"))
    context = {"form": form, "export_url": reverse("accounts:my_data_export")}
    return render(request, "accounts/account_delete.html", context)


# --- the workbench -------------------------------------------------------------------------


@capability_required(Capability.OPEN_WORKBENCH)
def workbench(request: HttpRequest) -> HttpResponse:
    user: User = request.user
    memberships = (
        user.memberships.exclude(role="")
        .select_related("organisation")
        .order_by("organisation__name", "role")
    )
    roles = [
        {
            "membership": m,
            "capabilities": [
                c for c in role_capabilities(m.role) if c != Capability.OPEN_WORKBENCH
            ],
        }
        for m in memberships
    ]
    everything = [c for c in Capability if c != Capability.OPEN_WORKBENCH]
    context = {
        "roles": roles,
        "is_staff": user.is_staff or user.is_superuser,
        "all_capabilities": everything,
        "can_use_admin": admin.site.has_permission(request),
    }
    return render(request, "accounts/workbench.html", context)
