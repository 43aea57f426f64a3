from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import ConsentFactory
from verkstad.accounts.models import ConsentPurpose
from verkstad.accounts.services import consent_withdraw
from verkstad.accounts.signals import consent_withdrawn


def _url(consent) -> str:
    return reverse("accounts:consent_withdraw", args=[consent.pk])


def test_a_declared_role_consent_can_be_withdrawn(client, participant_per):
    consent = ConsentFactory(user=participant_per, purpose=ConsentPurpose.DECLARED_ROLE)
    received = []
    consent_withdrawn.connect(
        lambda sender, user, consent, **kw: received.append(consent.pk),
        weak=False,
        dispatch_uid="test-withdraw",
    )
    try:
        client.force_login(participant_per)
        response = client.post(_url(consent))
    finally:
        consent_withdrawn.disconnect(dispatch_uid="test-withdraw")
    assert response["Location"] == reverse("accounts:my_data")
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert received == [consent.pk]


def test_the_privacy_notice_consent_is_not_withdrawn_here(client, participant_per):
    consent = ConsentFactory(user=participant_per, purpose=ConsentPurpose.PRIVACY_NOTICE)
    client.force_login(participant_per)
    response = client.post(_url(consent), follow=True)
    assert response.status_code == 200
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    with pytest.raises(ValueError):
        consent_withdraw(consent=consent)


def test_another_persons_consent_is_not_found(client, participant_per, editor_eva):
    consent = ConsentFactory(user=editor_eva, purpose=ConsentPurpose.DECLARED_ROLE)
    client.force_login(participant_per)
    assert client.post(_url(consent)).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_it_takes_a_post_and_a_signed_in_person(client, participant_per):
    consent = ConsentFactory(user=participant_per, purpose=ConsentPurpose.DECLARED_ROLE)
    assert client.post(_url(consent))["Location"].startswith(reverse("accounts:login"))
    client.force_login(participant_per)
    assert client.get(_url(consent)).status_code == 405


def test_withdrawing_twice_changes_nothing(client, participant_per):
    consent = ConsentFactory(user=participant_per, purpose=ConsentPurpose.DECLARED_ROLE)
    client.force_login(participant_per)
    client.post(_url(consent))
    consent.refresh_from_db()
    first = consent.withdrawn_at
    client.post(_url(consent))
    consent.refresh_from_db()
    assert consent.withdrawn_at == first
