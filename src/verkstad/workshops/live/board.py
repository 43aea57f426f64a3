"""What the projector, the facilitator and the phones are sent: one render per feed.

Registered in :data:`verkstad.workshops.live.hub.RENDERERS`; views render the same
templates for the first page load and for the polling fallback.
"""

from __future__ import annotations

import json
import time
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import get_language

from verkstad.workshops.live import hub
from verkstad.workshops.live.kinds import PHONE_SLOTS, kind_of
from verkstad.workshops.live.models import Activity, ActivityState, LiveSession


def _session(session_id: int) -> LiveSession | None:
    session = LiveSession.objects.select_related("current", "meeting").filter(pk=session_id).first()
    if session is None or not session.is_running:
        return None
    return session


def activity_context(activity: Activity | None, *, show_results: bool) -> dict[str, Any]:
    if activity is None:
        return {"activity": None}
    kind = kind_of(activity)
    results = kind.results(activity)
    return {
        # Feeds are rendered without a request, so without the context processors.
        "LANGUAGE_CODE": get_language() or "sv",
        "activity": activity,
        "kind": kind,
        "results": results,
        "results_template": kind.results_template(),
        "show_results": show_results,
    }


def board_context(session: LiveSession, *, facilitator: bool = False) -> dict[str, Any]:
    activity = session.current
    context = activity_context(
        activity, show_results=bool(activity and (activity.revealed or facilitator))
    )
    context.update(
        session=session, participants=session.participants.count(), token=state_token(session)
    )
    return context


def state_token(session: LiveSession) -> str:
    """Changes whenever a phone must fetch its question again."""
    activity = session.current
    if activity is None:
        return f"{session.version}:-"
    return f"{session.version}:{activity.pk}:{activity.state}:{int(activity.revealed)}"


def presenter_payload(session_id: int, language: str) -> dict[str, Any] | None:
    session = _session(session_id)
    if session is None:
        return None
    context = board_context(session)
    results = context.get("results")
    return {
        "html": render_to_string("workshops/live/_board.html", context),
        "answered": results.answered if results else 0,
        "participants": context["participants"],
        "token": state_token(session),
    }


def control_payload(session_id: int, language: str) -> dict[str, Any] | None:
    session = _session(session_id)
    if session is None:
        return None
    context = board_context(session, facilitator=True)
    results = context.get("results")
    return {
        "html": render_to_string("workshops/live/_control_results.html", context),
        "answered": results.answered if results else 0,
        "participants": context["participants"],
        "token": state_token(session),
    }


def phone_payload(session_id: int, language: str, slot: str = "0") -> dict[str, Any] | None:
    """What a phone's stream says: the state token, the revealed results and, where it is
    the same for a group of phones, the question itself (``question``), so a room moving on
    needs no request from each phone. ``question_for`` says whom it suits: ``"everyone"``
    (nothing to answer, or closed) or ``"unanswered"`` (phones that have not answered this
    activity; the others fetch their own)."""
    session = _session(session_id)
    if session is None:
        return None
    activity = session.current
    results_html = ""
    if activity is not None and activity.revealed:
        results_html = render_to_string(
            "workshops/live/_phone_results.html", activity_context(activity, show_results=True)
        )
    payload: dict[str, Any] = {"token": state_token(session), "results": results_html}
    try:
        group = int(slot) % PHONE_SLOTS
    except ValueError:
        group = 0
    shared = _shared_question(session, language, group)
    if shared is not None:
        payload.update(
            activity=activity.pk if activity is not None else 0,
            question=shared[0],
            question_for=shared[1],
        )
    return payload


#: (session, language, slot) → (stamp, rendered at, html, for whom): the shared question is
#: rendered again only when the activity changed, or after QUESTION_MAX_AGE seconds (a
#: statement accepted or withdrawn since), not on every vote's tick.
_QUESTIONS: dict[tuple[int, str, int], tuple[str, float, str, str]] = {}
QUESTION_MAX_AGE = 10.0


def _shared_question(session: LiveSession, language: str, slot: int) -> tuple[str, str] | None:
    activity = session.current
    context: dict[str, Any] = {
        "session": session,
        "activity": activity,
        "participant": None,
        "token": state_token(session),
        "LANGUAGE_CODE": language,
        # For many phones and without a request: live.js gives the forms the page's CSRF
        # token (kinds/_form_open.html leaves it out).
        "shared_render": True,
        # live.js fills the results in from the payload's own `results`.
        "results_elsewhere": True,
    }
    audience = "everyone"
    stamp = context["token"]
    if activity is not None:
        stamp = json.dumps(
            [
                stamp,
                activity.prompt_sv,
                activity.prompt_en,
                activity.options,
                activity.config,
                activity.conversation_id,
            ],
            sort_keys=True,
            default=str,
        )
    key = (session.pk, language, slot)
    now = time.monotonic()
    found = _QUESTIONS.get(key)
    if found is not None and found[0] == stamp and now - found[1] < QUESTION_MAX_AGE:
        return (found[2], found[3]) if found[2] else None
    html = ""
    if activity is not None and activity.state == ActivityState.OPEN:
        kind = kind_of(activity)
        extra = kind.shared_phone_context(activity, slot)
        if extra is not None:
            audience = "unanswered"
            context.update(kind=kind, phone_template=kind.phone_template(), **extra)
            html = render_to_string("workshops/live/_phone_activity.html", context)
    else:
        html = render_to_string("workshops/live/_phone_activity.html", context)
    _QUESTIONS[key] = (stamp, now, html, audience)
    return (html, audience) if html else None


hub.RENDERERS.update(presenter=presenter_payload, control=control_payload, phone=phone_payload)
