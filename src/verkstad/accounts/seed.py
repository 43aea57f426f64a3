"""Seed step: the demo editor account (see ``verkstad.core.seed``)."""

from __future__ import annotations

import secrets

from verkstad.accounts.models import ActorType, Membership, Organisation, Role, User
from verkstad.core.seed import SeedContext

DEMO_EDITOR_EMAIL = "redaktor@verkstad.example"
DEMO_EDITOR_NAME = "Demo Redaktör"
DEMO_ORGANISATION = "NOMP, Mälardalens universitet"
DEMO_MUNICIPALITY = "1980"  # Västerås


def demo_password() -> str:
    """A random password of 20 URL-safe characters; passes every password validator."""
    return secrets.token_urlsafe(15)


def seed_demo_accounts(ctx: SeedContext) -> None:
    """Demo editor account."""
    organisation = Organisation.objects.filter(
        name=DEMO_ORGANISATION, municipality_code=DEMO_MUNICIPALITY
    ).first()
    user = User.objects.filter(email__iexact=DEMO_EDITOR_EMAIL).first()
    has_role = (
        user is not None
        and organisation is not None
        and Membership.objects.filter(
            user=user, organisation=organisation, role=Role.EDITOR
        ).exists()
    )

    if ctx.dry_run:
        if organisation is None:
            ctx.write(f"Would create the organisation {DEMO_ORGANISATION} (Västerås).")
        if user is None:
            ctx.write(
                f"Would create the editor {DEMO_EDITOR_EMAIL} (staff) and print its password."
            )
        else:
            ctx.write(f"The demo editor {DEMO_EDITOR_EMAIL} exists; would leave it as it is.")
        if not has_role:
            ctx.write(f"Would make {DEMO_EDITOR_EMAIL} an editor of {DEMO_ORGANISATION}.")
        return

    if organisation is None:
        organisation = Organisation.objects.create(
            name=DEMO_ORGANISATION,
            actor_type=ActorType.FORSKNING,
            municipality_code=DEMO_MUNICIPALITY,
        )
        ctx.write(f"Created the organisation {DEMO_ORGANISATION}.")

    if user is None:
        password = demo_password()
        user = User.objects.create_user(
            DEMO_EDITOR_EMAIL,
            password,
            display_name=DEMO_EDITOR_NAME,
            is_staff=True,
        )
        ctx.write(f"Created the demo editor {DEMO_EDITOR_EMAIL}.")
        ctx.write(f"  e-mail:   {DEMO_EDITOR_EMAIL}")
        ctx.write(f"  password: {password}")
        ctx.write("  (shown only now; set another with `verkstad changepassword`)")
    else:
        ctx.write(
            f"The demo editor {DEMO_EDITOR_EMAIL} exists; its password is not shown again "
            f"(set a new one with `verkstad changepassword {DEMO_EDITOR_EMAIL}`)."
        )

    if not has_role:
        Membership.objects.get_or_create(user=user, organisation=organisation, role=Role.EDITOR)
        ctx.write(f"Made {DEMO_EDITOR_EMAIL} an editor of {DEMO_ORGANISATION}.")
