"""Signals the accounts app sends so other apps can keep people's data in step.

``account_erasing``
    Sent by :func:`verkstad.accounts.services.account_erase` inside its transaction,
    *before* the user row is deleted, with ``sender=User`` and ``user=<the User>``.
    A receiver anonymises what the person contributed (statements, votes, poll
    answers, registrations): it cuts the link to the user and removes anything
    that identifies them, keeping the contribution itself. It must not delete the
    user. If a receiver raises, the whole erasure is rolled back and nothing is lost
    half-way; so a receiver raises only when it truly cannot anonymise.

    Connect it in your app's ``AppConfig.ready()``::

        from verkstad.accounts.signals import account_erasing

        def anonymise_votes(sender, user, **kwargs):
            Vote.objects.filter(participant__user=user).update(participant=None)

        account_erasing.connect(anonymise_votes, dispatch_uid="dialogue.anonymise_votes")

``consent_withdrawn``
    Sent by :func:`verkstad.accounts.services.consent_withdraw` after a consent is
    marked withdrawn, with ``sender=Consent``, ``user`` and ``consent``. A receiver
    drops the data that consent covered (e.g. a declared actor type and municipality
    for ``ConsentPurpose.DECLARED_ROLE``).

The export side, every app's section of "download my data", is a registry in
:mod:`verkstad.accounts.personal_data`.
"""

from __future__ import annotations

from django.dispatch import Signal

account_erasing = Signal()
consent_withdrawn = Signal()
