"""Users (e-mail login), organisations with an actor type, roles and consents."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ActorType(models.TextChoices):
    """The kinds of local actor the research is for; used across every app."""

    KOMMUN = "kommun", _("Municipality")
    REGION = "region", _("Region")
    FACKFORBUND = "fackforbund", _("Trade union")
    SKOLA = "skola", _("School or adult education")
    ARBETSGIVARE = "arbetsgivare", _("Employer or industry")
    CIVILSAMHALLE = "civilsamhalle", _("Civil society")
    FORSKNING = "forskning", _("Research")
    ANNAN = "annan", _("Other")


class Role(models.TextChoices):
    EDITOR = "editor", _("Editor")
    FACILITATOR = "facilitator", _("Facilitator")
    MODERATOR = "moderator", _("Moderator")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        if extra["is_staff"] is not True or extra["is_superuser"] is not True:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=100,
        blank=True,
        help_text=_("Shown beside what you write. Leave empty to stay anonymous."),
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=settings.LANGUAGES, default="sv"
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("May sign in to the administration pages."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()


municipality_code_validator = RegexValidator(
    r"^\d{4}$", _("A municipality code is four digits, e.g. 2081 for Borlänge.")
)

# SCB's county codes (länskoder): the first two digits of every municipality code.
SWEDISH_COUNTY_CODES = frozenset(
    {
        "01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13",
        "14", "17", "18", "19", "20", "21", "22", "23", "24", "25",
    }
)  # fmt: skip


def validate_county_code(value: str) -> None:
    """The first two digits of a municipality code must be one of Sweden's 21 counties.

    Leaves malformed codes to ``municipality_code_validator`` so each mistake is
    reported once.
    """
    if len(value) == 4 and value.isdigit() and value[:2] not in SWEDISH_COUNTY_CODES:
        raise ValidationError(
            _("%(county)s is not a Swedish county code; the code should start with one."),
            code="unknown_county",
            params={"county": value[:2]},
        )


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    actor_type = models.CharField(_("actor type"), max_length=20, choices=ActorType.choices)
    municipality_code = models.CharField(
        _("municipality code"),
        max_length=4,
        blank=True,
        validators=[municipality_code_validator, validate_county_code],
        help_text=_("SCB's four-digit municipality code; the first two digits are the county."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "municipality_code"], name="unique_org_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def county_code(self) -> str:
        return self.municipality_code[:2]


class Membership(models.Model):
    """A user's place in an organisation, with at most one platform role."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="unique_membership_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display() or '–'})"


class ConsentPurpose(models.TextChoices):
    PRIVACY_NOTICE = "privacy_notice", _("Accepted the privacy notice at sign-up")
    DECLARED_ROLE = "declared_role", _("Stored my declared actor type and municipality")


# Consents a person can withdraw and keep the account. The privacy notice is the
# condition for having an account at all: withdrawing it means deleting the account.
WITHDRAWABLE_PURPOSES = frozenset({ConsentPurpose.DECLARED_ROLE})


class Consent(models.Model):
    """What a person agreed to, when, and to which version of the text."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=40, choices=ConsentPurpose.choices)
    version = models.CharField(_("version"), max_length=20)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.version})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def can_withdraw(self) -> bool:
        return self.is_active and self.purpose in WITHDRAWABLE_PURPOSES
