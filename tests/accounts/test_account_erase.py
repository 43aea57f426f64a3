from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client

from tests.factories import ConsentFactory
from verkstad.accounts import signals
from verkstad.accounts.models import Consent, Membership, Organisation, User
from verkstad.accounts.services import account_erase
from verkstad.accounts.signals import account_erasing


@pytest.fixture
def erasing_receiver():
    seen: list[tuple[int, str]] = []

    def receiver(sender, user, **kwargs):
        # Runs before the row is gone: the receiver can still find the person's rows.
        assert User.objects.filter(pk=user.pk).exists()
        seen.append((user.pk, user.email))

    account_erasing.connect(receiver, dispatch_uid="test-erasing")
    yield seen
    account_erasing.disconnect(dispatch_uid="test-erasing")


def test_it_fires_the_signal_then_deletes_the_user(editor_eva, erasing_receiver):
    ConsentFactory(user=editor_eva)
    pk = editor_eva.pk
    account_erase(user=editor_eva)
    assert erasing_receiver == [(pk, "eva@example.se")]
    assert not User.objects.filter(pk=pk).exists()
    assert not Membership.objects.filter(user_id=pk).exists()
    assert not Consent.objects.filter(user_id=pk).exists()
    # The organisation is not the person's: it stays.
    assert Organisation.objects.filter(name="NOMP, Mälardalens universitet").exists()


def test_it_leaves_other_people_alone(editor_eva, moderator_maja):
    ConsentFactory(user=moderator_maja)
    account_erase(user=editor_eva)
    assert User.objects.filter(pk=moderator_maja.pk).exists()
    assert moderator_maja.memberships.count() == 1
    assert moderator_maja.consents.count() == 1


def test_it_removes_failed_sign_ins_recorded_for_the_address(participant_per, outsider_olle):
    anonymous = Client()
    anonymous.post("/konto/logga-in/", {"username": "per@example.se", "password": "fel"})
    anonymous.post("/konto/logga-in/", {"username": "olle@example.se", "password": "fel"})
    account_erase(user=participant_per)
    assert not AccessAttempt.objects.filter(username="per@example.se").exists()
    assert AccessAttempt.objects.filter(username="olle@example.se").exists()


def test_a_failing_receiver_rolls_everything_back(participant_per):
    def refuse(sender, user, **kwargs):
        raise RuntimeError("cannot anonymise")

    account_erasing.connect(refuse, dispatch_uid="test-refuse")
    try:
        with pytest.raises(RuntimeError):
            account_erase(user=participant_per)
    finally:
        account_erasing.disconnect(dispatch_uid="test-refuse")
    assert User.objects.filter(pk=participant_per.pk).exists()


def test_the_signal_is_documented():
    doc = signals.__doc__ or ""
    assert "account_erasing" in doc
    assert "anonymise" in doc
