"""Writes for accounts: sign-up, profile, consent and erasure.

``account_erase`` is the one way an account is deleted (the "delete my account" page
and the admin both use it); it sends :data:`verkstad.accounts.signals.account_erasing`
first so every app can anonymise what the person contributed.
"""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Consent, ConsentPurpose, User
from .signals import account_erasing, consent_withdrawn


@transaction.atomic
def user_sign_up(
    *, email: str, password: str, display_name: str = "", preferred_language: str = "sv"
) -> User:
    """Create a participant account and record that they accepted the privacy notice."""
    user = User.objects.create_user(
        email=email,
        password=password,
        display_name=display_name,
        preferred_language=preferred_language,
    )
    Consent.objects.create(
        user=user,
        purpose=ConsentPurpose.PRIVACY_NOTICE,
        version=settings.VERKSTAD_PRIVACY_VERSION,
    )
    return user


def user_profile_update(*, user: User, display_name: str, preferred_language: str) -> User:
    user.display_name = display_name
    user.preferred_language = preferred_language
    user.save(update_fields=["display_name", "preferred_language"])
    return user


@transaction.atomic
def consent_withdraw(*, consent: Consent) -> Consent:
    """Mark a consent withdrawn (once) and let the apps drop what it covered."""
    if not consent.can_withdraw:
        raise ValueError("This consent is already withdrawn or cannot be withdrawn.")
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    consent_withdrawn.send(sender=Consent, user=consent.user, consent=consent)
    return consent


@transaction.atomic
def account_erase(*, user: User) -> None:
    """Delete an account and the personal data tied to it; contributions stay anonymised.

    Receivers of ``account_erasing`` anonymise their rows first, in this transaction;
    then the login rate limit's records for the e-mail address go, and the user row
    with its memberships and consents (they cascade).
    """
    account_erasing.send(sender=User, user=user)
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=user.email).delete()
    user.delete()
