"""Forms for signing in and up, the profile, password reset and account deletion."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordMixin
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import User


def _normalise_email(value: str) -> str:
    return User.objects.normalize_email(value.strip()).lower()


class EmailAuthenticationForm(AuthenticationForm):
    """Sign in with an e-mail address.

    The field keeps the name ``username``: django-axes reads the address from it
    (``AXES_USERNAME_FORM_FIELD``). The address is lower-cased before
    ``authenticate()`` so the rate limit counts ``Per@x.se`` and ``per@x.se`` as one.
    """

    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "The e-mail address or the password is wrong. Check both and try again."
        ),
        "inactive": _("This account is not active."),
    }

    def clean_username(self) -> str:
        return _normalise_email(self.cleaned_data["username"])


class SignUpForm(SetPasswordMixin, forms.ModelForm):
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1=_("Password"), label2=_("Password again")
    )
    accept_privacy = forms.BooleanField(
        label=_("I have read and accept the privacy notice"),
        required=True,
        error_messages={"required": _("You need to accept the privacy notice to sign up.")},
    )

    class Meta:
        model = User
        fields = ("email", "display_name")
        labels = {"email": _("E-mail address"), "display_name": _("Display name")}
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email", "autocapitalize": "none"}),
            "display_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
        }

    field_order = ["email", "display_name", "password1", "password2", "accept_privacy"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password2"].help_text = _("Type the same password again, to be sure.")
        self.fields["accept_privacy"].help_text = format_html(
            _('Read the <a href="{url}">privacy notice</a>: what we store, why and for how long.'),
            url=reverse("core:privacy"),
        )

    def clean_email(self) -> str:
        email = _normalise_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _(
                    "There is already an account with this e-mail address. "
                    "Sign in, or reset your password if you have forgotten it."
                ),
                code="duplicate_email",
            )
        return email

    def clean(self) -> dict[str, Any]:
        self.validate_passwords()
        return super().clean()

    def _post_clean(self) -> None:
        super()._post_clean()
        # Checks the password against the e-mail and display name, too.
        self.validate_password_for_user(self.instance)

    def validate_unique(self) -> None:
        # clean_email already says it better than the model's unique message.
        exclude = self._get_validation_exclusions()
        exclude.add("email")
        try:
            self.instance.validate_unique(exclude=exclude)
        except forms.ValidationError as error:
            self._update_errors(error)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("display_name", "preferred_language")
        labels = {"display_name": _("Display name"), "preferred_language": _("Language")}
        help_texts = {
            "preferred_language": _(
                "The language of the e-mails we send you and of the site after you sign in."
            ),
        }
        widgets = {"display_name": forms.TextInput(attrs={"autocomplete": "nickname"})}


class LocalisedPasswordResetForm(PasswordResetForm):
    """Send the reset e-mail in the language the person chose, not the page's."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context.get("user")
        language = getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE
        with translation.override(language):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )


class AccountDeleteForm(forms.Form):
    """Confirm with the password; a wrong one counts towards the sign-in rate limit."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you."),
    )

    def __init__(self, *args: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        authenticated = authenticate(self.request, username=self.user.email, password=password)
        if authenticated is None or authenticated.pk != self.user.pk:
            raise forms.ValidationError(_("That is not your password."), code="wrong_password")
        return password
