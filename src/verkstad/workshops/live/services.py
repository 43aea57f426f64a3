"""Everything that changes a live session: start, join, answer, and the facilitator's moves.

Each change ends with :func:`room_changed`, which tells the fan-out (:mod:`.hub`) after the
transaction commits, so phones and the projector never see a state that was rolled back.
"""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from verkstad.accounts.models import ActorType
from verkstad.workshops.live import hub
from verkstad.workshops.live.kinds import kind_of
from verkstad.workshops.live.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Activity,
    ActivityState,
    LiveParticipant,
    LiveSession,
    SessionStatus,
    new_code,
)

#: A session's code stops working this long after its meeting ends (or at once when ended).
CODE_GRACE = timedelta(hours=12)

_NOT_CODE = re.compile(r"[\s\-–]+")


class Refused(Exception):
    """A participant's action that cannot be done, with the reason in the user's language."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def code_normalise(raw: str) -> str:
    """``"abc 23k"`` → ``"ABC23K"``; anything that cannot be a code → ``""``."""
    code = _NOT_CODE.sub("", raw or "").upper()
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return ""
    return code


def session_for_code(raw: str) -> LiveSession | None:
    """The running session with this code, or ``None`` when it is wrong or has expired."""
    code = code_normalise(raw)
    if not code:
        return None
    session = LiveSession.objects.select_related("meeting", "current").filter(code=code).first()
    if session is None or not session.is_running:
        return None
    if session.meeting.ends_at + CODE_GRACE < timezone.now():
        return None
    return session


def room_changed(session_id: int) -> None:
    transaction.on_commit(lambda: hub.publish(session_id))


def session_start(*, meeting: Any, user: Any) -> LiveSession:
    for _attempt in range(10):
        try:
            with transaction.atomic():
                return LiveSession.objects.create(
                    meeting=meeting,
                    code=new_code(),
                    created_by=user if getattr(user, "is_authenticated", False) else None,
                )
        except IntegrityError:  # the code was taken; 31**6 makes this rare
            continue
    raise RuntimeError("Could not find a free join code.")


def participant_join(
    *, session: LiveSession, actor_type: str = "", consent: bool = False
) -> LiveParticipant:
    if session.locked:
        raise Refused(_("The facilitator has closed this session to new participants."), 403)
    if actor_type and actor_type not in ActorType.values:
        raise Refused(_("Choose one of the listed roles, or none."))
    if actor_type and not consent:
        raise Refused(
            _("To tell us your role, tick the box that says what we use it for. Or leave it out.")
        )
    with transaction.atomic():
        # The session row lock keeps numbers unique and dense without a retry loop.
        LiveSession.objects.select_for_update().filter(pk=session.pk).first()
        number = (session.participants.aggregate(m=Max("number"))["m"] or 0) + 1
        participant = LiveParticipant.objects.create(
            session=session,
            key=uuid.uuid4(),
            number=number,
            actor_type=actor_type,
            consent_at=timezone.now() if actor_type else None,
        )
    room_changed(session.pk)
    return participant


def participant_forget(*, participant: LiveParticipant) -> None:
    """Erase a phone's answers, upvotes and role; its texts stay without an author."""
    session_id = participant.session_id
    participant.delete()
    room_changed(session_id)


def answer_submit(*, participant: LiveParticipant, activity: Activity, data: QueryDict) -> Any:
    """Store (or replace) the participant's answer; a repeat of the same answer is harmless."""
    if activity.session_id != participant.session_id:
        raise Refused(_("This question belongs to another session."), 404)
    if activity.state != ActivityState.OPEN:
        raise Refused(_("This question is closed; answers are no longer taken."), 409)
    try:
        value = kind_of(activity).submit(activity, participant, data)
    except ValidationError as exc:
        raise Refused(" ".join(exc.messages)) from None
    hub.publish_soon(activity.session_id)
    return value


# --- the facilitator's controls --------------------------------------------------------

ACTIONS = (
    "next", "previous", "show", "open", "close", "reveal", "hide", "reset", "lock", "unlock",
    "end",
)  # fmt: skip


def _bump(session: LiveSession, **fields: Any) -> None:
    LiveSession.objects.filter(pk=session.pk).update(version=F("version") + 1, **fields)
    for name, value in fields.items():
        setattr(session, name, value)
    session.refresh_from_db(fields=["version"])
    room_changed(session.pk)


def _neighbour(session: LiveSession, step: int) -> Activity | None:
    activities = list(session.activities.all())
    if not activities:
        return None
    if session.current_id is None:
        return activities[0] if step > 0 else None
    ids = [a.pk for a in activities]
    try:
        index = ids.index(session.current_id) + step
    except ValueError:
        return activities[0]
    return activities[index] if 0 <= index < len(activities) else None


def control(*, session: LiveSession, action: str, activity: Activity | None = None) -> str:
    """Carry out one facilitator action; returns a message for the facilitator."""
    if action not in ACTIONS:
        raise Refused(_("Unknown action."))
    if not session.is_running:
        raise Refused(_("The session has ended."), 409)
    with transaction.atomic():
        if action in ("next", "previous"):
            target = _neighbour(session, 1 if action == "next" else -1)
            if target is None:
                raise Refused(_("There is no activity in that direction."), 409)
            _bump(session, current=target)
            return _("Showing: %(prompt)s") % {"prompt": target.prompt}
        if action == "show":
            if activity is None or activity.session_id != session.pk:
                raise Refused(_("Choose an activity of this session."), 404)
            _bump(session, current=activity)
            return _("Showing: %(prompt)s") % {"prompt": activity.prompt}
        if action in ("lock", "unlock"):
            _bump(session, locked=action == "lock")
            return (
                _("Closed to new participants.")
                if action == "lock"
                else _("Open to new participants again.")
            )
        if action == "end":
            _bump(session, status=SessionStatus.ENDED, ended_at=timezone.now())
            Activity.objects.filter(session=session, state=ActivityState.OPEN).update(
                state=ActivityState.CLOSED
            )
            from verkstad.workshops.live.report_pdf import report_pdf_request_all

            report_pdf_request_all(session=session)
            return _("The session has ended. The report is ready.")
        target = activity or session.current
        if target is None or target.session_id != session.pk:
            raise Refused(_("Show an activity first."), 409)
        message = _activity_action(target, action)
        _bump(session)
        return message


def _activity_action(activity: Activity, action: str) -> str:
    if action == "open":
        errors = kind_of(activity).setup_errors(activity)
        if errors:
            raise Refused(" ".join(errors), 409)
        activity.state = ActivityState.OPEN
        activity.save(update_fields=["state"])
        return _("Open for answers.")
    if action == "close":
        activity.state = ActivityState.CLOSED
        activity.save(update_fields=["state"])
        return _("Closed: no more answers.")
    if action in ("reveal", "hide"):
        activity.revealed = action == "reveal"
        activity.save(update_fields=["revealed"])
        return _("Results shown.") if activity.revealed else _("Results hidden.")
    # reset: remove every answer and text of this activity, start again unrevealed.
    kind_of(activity).reset(activity)
    activity.revealed = False
    activity.state = ActivityState.DRAFT
    activity.save(update_fields=["revealed", "state"])
    return _("Answers removed; the activity starts again.")
