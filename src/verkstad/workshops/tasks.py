"""E-mails about registrations, sent by the task queue in the person's own language.

``base_url`` (scheme and host, from the request that caused the e-mail) makes the meeting's
address absolute; the path is reversed in the person's language.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

KINDS = ("confirmed", "waiting", "promoted", "cancelled")


@task()
def send_registration_email(registration_id: int, kind: str, base_url: str = "") -> bool:
    """Tell the person they have a place, are on the waiting list, moved up, or that the
    meeting is cancelled."""
    from verkstad.workshops.models import Registration
    from verkstad.workshops.services import waiting_position

    if kind not in KINDS:
        raise ValueError(f"Unknown e-mail kind {kind!r}")
    registration = (
        Registration.objects.select_related("meeting", "user").filter(pk=registration_id).first()
    )
    if registration is None or registration.user is None or not registration.is_active:
        return False
    user = registration.user
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language), timezone.override("Europe/Stockholm"):
        context = {
            "meeting": registration.meeting,
            "user": user,
            "position": waiting_position(registration=registration),
            "meeting_url": base_url.rstrip("/") + registration.meeting.get_absolute_url(),
            "language": language,
        }
        subject = render_to_string(f"workshops/email/{kind}_subject.txt", context).strip()
        body = render_to_string(f"workshops/email/{kind}.txt", context)
    send_mail(subject, body, None, [user.email])
    return True
