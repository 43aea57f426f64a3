"""What the projector, the facilitator and the phones are sent: one render per feed.

Registered in :data:`verkstad.workshops.live.hub.RENDERERS`; views render the same
templates for the first page load and for the polling fallback.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from verkstad.workshops.live import hub
from verkstad.workshops.live.kinds import kind_of
from verkstad.workshops.live.models import Activity, LiveSession


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


def phone_payload(session_id: int, language: str) -> dict[str, Any] | None:
    session = _session(session_id)
    if session is None:
        return None
    activity = session.current
    results_html = ""
    if activity is not None and activity.revealed:
        results_html = render_to_string(
            "workshops/live/_phone_results.html", activity_context(activity, show_results=True)
        )
    return {"token": state_token(session), "results": results_html}


hub.RENDERERS.update(presenter=presenter_payload, control=control_payload, phone=phone_payload)
