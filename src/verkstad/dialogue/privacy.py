"""Participants' personal data: the "my data" section, erasure and withdrawn consent.

Connected from :mod:`verkstad.dialogue.wiring` when the app is ready.
"""

from __future__ import annotations

from typing import Any

from verkstad.accounts.models import Consent, ConsentPurpose, User
from verkstad.accounts.personal_data import register_section, registered_sections
from verkstad.accounts.signals import account_erasing, consent_withdrawn
from verkstad.dialogue.models import Participant, Statement, Vote
from verkstad.dialogue.services.participation import roles_clear_for_user

SECTION = "dialogue"


def dialogue_section(user: User) -> dict[str, Any]:
    """The user's participations: declared role, own statements, and every vote cast."""
    participations = []
    for participant in (
        Participant.objects.filter(user=user).select_related("conversation").order_by("created_at")
    ):
        statements = Statement.objects.filter(author=participant).order_by("number")
        votes = (
            Vote.objects.filter(participant=participant)
            .select_related("statement")
            .order_by("created_at", "pk")
        )
        participations.append(
            {
                "conversation": participant.conversation.slug,
                "topic": participant.conversation.topic,
                "participant_number": participant.number,
                "joined_at": participant.created_at,
                "declared_actor_type": participant.actor_type,
                "declared_municipality_code": participant.municipality_code,
                "declared_at": participant.declared_at,
                "consent_version": participant.consent_version,
                "statements": [
                    {
                        "number": s.number,
                        "text": s.text,
                        "language": s.language,
                        "status": s.status,
                        "written_at": s.created_at,
                    }
                    for s in statements
                ],
                "votes": [
                    {
                        "statement_number": v.statement.number,
                        "statement": v.statement.text,
                        "vote": v.value,
                        "cast_at": v.created_at,
                    }
                    for v in votes
                ],
            }
        )
    return {"participations": participations}


def anonymise_participations(sender: Any, user: User, **kwargs: Any) -> None:
    """Account erasure: keep votes and statements, cut the user and the declared role."""
    roles_clear_for_user(user=user)
    Participant.objects.filter(user=user).update(user=None)


def clear_declared_roles(sender: Any, user: User, consent: Consent, **kwargs: Any) -> None:
    if consent.purpose == ConsentPurpose.DECLARED_ROLE:
        roles_clear_for_user(user=user)


def connect() -> None:
    if SECTION not in registered_sections():
        register_section(SECTION)(dialogue_section)
    account_erasing.connect(
        anonymise_participations, dispatch_uid="dialogue.anonymise_participations"
    )
    consent_withdrawn.connect(clear_declared_roles, dispatch_uid="dialogue.clear_declared_roles")
