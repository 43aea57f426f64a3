"""Live-session pages: the phone (no account), the projector and the facilitator's controls.

Phones are recognised by a signed cookie holding their participant key for one session.
Facilitator pages need ``Capability.RUN_MEETINGS``. Every answer works as a plain form POST
(redirect back) and, from ``live.js``, as a fetch that gets the updated fragment.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.db import connections
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from verkstad.accounts.permissions import Capability, capability_required
from verkstad.workshops.live import board, hub, services
from verkstad.workshops.live.forms import ActivityForm, CodeForm, JoinForm
from verkstad.workshops.live.kinds import kind_of, phone_slot
from verkstad.workshops.live.models import Activity, LiveParticipant, LiveSession
from verkstad.workshops.live.ratelimit import RateLimited, hit
from verkstad.workshops.live.services import Refused
from verkstad.workshops.models import Meeting

COOKIE_SALT = "verkstad.live.participant"
COOKIE_AGE = 60 * 60 * 24


def _cookie_name(session: LiveSession) -> str:
    return f"verkstad_live_{session.code}"


def _participant(request: HttpRequest, session: LiveSession) -> LiveParticipant | None:
    try:
        raw = request.get_signed_cookie(_cookie_name(session), salt=COOKIE_SALT, default=None)
    except signing.BadSignature:
        return None
    if not raw:
        return None
    try:
        key = uuid.UUID(raw)
    except ValueError:
        return None
    return LiveParticipant.objects.filter(session=session, key=key).first()


def _wants_fragment(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "live" or bool(
        getattr(request, "htmx", False)
    )


def _code_gone(request: HttpRequest, code: str) -> HttpResponse:
    return render(
        request,
        "workshops/live/code_unknown.html",
        {"code": code, "form": CodeForm(initial={"code": code})},
        status=404,
    )


# --- phones -------------------------------------------------------------------------


@never_cache
def join(request: HttpRequest) -> HttpResponse:
    """The short address people type: a box for the code."""
    form = CodeForm(request.GET or None)
    if form.is_valid():
        code = services.code_normalise(form.cleaned_data["code"])
        if code and services.session_for_code(code):
            return redirect("live_join:join_code", code=code)
        form.add_error(
            "code",
            _("No running session has this code. Check the code on the screen and try again."),
        )
    return render(request, "workshops/live/join.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def join_code(request: HttpRequest, code: str) -> HttpResponse:
    session = services.session_for_code(code)
    if session is None:
        return _code_gone(request, code)
    if session.code != code:
        return redirect("live_join:join_code", code=session.code)
    participant = _participant(request, session)
    if participant is not None:
        return _phone_page(request, session, participant)
    form = JoinForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        try:
            hit("join", request, None)
        except RateLimited as limited:
            return _limited(request, limited)
        if form.is_valid():
            try:
                participant = services.participant_join(
                    session=session,
                    actor_type=form.cleaned_data["actor_type"],
                    consent=form.cleaned_data["consent"],
                )
            except Refused as refused:
                form.add_error(None, refused.message)
                status = refused.status
            else:
                response = redirect("live_join:join_code", code=session.code)
                response.set_signed_cookie(
                    _cookie_name(session),
                    str(participant.key),
                    salt=COOKIE_SALT,
                    max_age=COOKIE_AGE,
                    httponly=True,
                    samesite="Lax",
                    secure=settings.SESSION_COOKIE_SECURE,
                )
                return response
        else:
            status = 400
    return render(
        request,
        "workshops/live/join_session.html",
        {"session": session, "form": form},
        status=status,
    )


def _phone_context(
    session: LiveSession, participant: LiveParticipant, **extra: Any
) -> dict[str, Any]:
    activity = session.current
    context: dict[str, Any] = {
        "session": session,
        "participant": participant,
        "activity": activity,
        "token": board.state_token(session),
    }
    if activity is not None:
        kind = kind_of(activity)
        context.update(
            kind=kind,
            phone_template=kind.phone_template(),
            **kind.phone_context(activity, participant),
        )
        if activity.revealed:
            context.update(board.activity_context(activity, show_results=True))
    context.update(extra)
    return context


def _phone_page(
    request: HttpRequest,
    session: LiveSession,
    participant: LiveParticipant,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    template = (
        "workshops/live/_phone_activity.html"
        if _wants_fragment(request)
        else "workshops/live/phone.html"
    )
    return render(request, template, _phone_context(session, participant, **extra), status=status)


def _joined(request: HttpRequest, code: str) -> tuple[LiveSession, LiveParticipant] | HttpResponse:
    session = services.session_for_code(code)
    if session is None:
        return _code_gone(request, code)
    participant = _participant(request, session)
    if participant is None:
        if _wants_fragment(request):
            return HttpResponse(
                _("Join the session again: your phone is no longer known here."), status=403
            )
        return redirect("live_join:join_code", code=session.code)
    return session, participant


@never_cache
@require_GET
def phone_activity(request: HttpRequest, code: str) -> HttpResponse:
    """The phone's current question (fetched by live.js when the room moves on)."""
    joined = _joined(request, code)
    if isinstance(joined, HttpResponse):
        return joined
    session, participant = joined
    return render(
        request, "workshops/live/_phone_activity.html", _phone_context(session, participant)
    )


def _limited(request: HttpRequest, limited: RateLimited) -> HttpResponse:
    message = _("That was a lot at once. Wait %(seconds)d seconds and try again.") % {
        "seconds": limited.retry_after
    }
    response = render(
        request,
        "workshops/live/_message.html"
        if _wants_fragment(request)
        else "workshops/live/limited.html",
        {"message": message},
        status=429,
    )
    response["Retry-After"] = str(limited.retry_after)
    return response


@never_cache
@require_POST
def answer(request: HttpRequest, code: str, activity_id: int) -> HttpResponse:
    joined = _joined(request, code)
    if isinstance(joined, HttpResponse):
        return joined
    session, participant = joined
    if session.current is not None and session.current.pk == activity_id:
        # Usually the one on the screen: the answer and the page after it share the row.
        activity = session.current
    else:
        activity = Activity.objects.filter(pk=activity_id, session=session).first()
    if activity is None:
        raise Http404
    try:
        hit("answer", request, participant)
    except RateLimited as limited:
        return _limited(request, limited)
    try:
        services.answer_submit(participant=participant, activity=activity, data=request.POST)
    except Refused as refused:
        session.current = session.current  # unchanged; re-render with the message
        return _phone_page(
            request, session, participant, status=refused.status, error=refused.message
        )
    saved_message = kind_of(activity).saved_message(activity)
    if _wants_fragment(request):
        return _phone_page(request, session, participant, saved=True, saved_message=saved_message)
    messages.success(request, saved_message)
    return redirect("live_join:join_code", code=session.code)


@never_cache
@require_POST
def leave(request: HttpRequest, code: str) -> HttpResponse:
    """Forget this phone: its answers and role are erased, its texts stay without author."""
    session = (
        services.session_for_code(code)
        or LiveSession.objects.filter(code=services.code_normalise(code)).first()
    )
    response = redirect("live_join:join")
    if session is not None:
        participant = _participant(request, session)
        if participant is not None:
            services.participant_forget(participant=participant)
        response.delete_cookie(_cookie_name(session))
    messages.success(request, _("Your answers in this session are erased."))
    return response


def _without_database(events: Iterator[bytes]) -> Iterator[bytes]:
    """Give this thread's database connection back before the stream starts waiting.

    The body is iterated after the middleware is done; a stream lasts minutes, and a
    thousand of them must not hold a thousand database connections. The hub's ticker does
    the rendering on its own connection.
    """
    connections.close_all()
    yield from events


def _event_stream(
    request: HttpRequest, key: hub.Key, retry_ms: int = hub.RETRY_MS
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        _without_database(hub.stream(key, retry_ms=retry_ms)), content_type="text/event-stream"
    )
    response["Cache-Control"] = "no-cache, no-transform"
    response["X-Accel-Buffering"] = "no"
    return response


@require_GET
def phone_stream(request: HttpRequest, code: str) -> HttpResponseBase:
    joined = _joined(request, code)
    if isinstance(joined, HttpResponse):
        return joined
    session, participant = joined
    view = f"phone:{phone_slot(participant)}"
    return _event_stream(request, (session.pk, view, get_language() or "sv"))


@never_cache
@require_GET
def phone_state(request: HttpRequest, code: str) -> HttpResponse:
    """The polling fallback: what the stream would send, as JSON."""
    joined = _joined(request, code)
    if isinstance(joined, HttpResponse):
        return joined
    session, participant = joined
    payload = board.phone_payload(session.pk, get_language() or "sv", str(phone_slot(participant)))
    return JsonResponse(payload or {})


# --- facilitators -------------------------------------------------------------------


def _without_scheme(url: str) -> str:
    """What people type: ``verkstad.example/delta/`` rather than ``https://…``."""
    return url.split("://", 1)[-1]


def _session(code: str) -> LiveSession:
    return get_object_or_404(
        LiveSession.objects.select_related("meeting", "current"), code=code.upper()
    )


@capability_required(Capability.RUN_MEETINGS)
@require_POST
def session_start(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting, slug=slug)
    session = services.session_start(meeting=meeting, user=request.user)
    messages.success(
        request,
        _("Live session started. Participants join with the code %(code)s.")
        % {"code": session.code},
    )
    return redirect(session)


@capability_required(Capability.RUN_MEETINGS)
@never_cache
def control(request: HttpRequest, code: str) -> HttpResponse:
    session = _session(code)
    context = board.board_context(session, facilitator=True)
    context.update(
        activities=list(session.activities.all()),
        join_url=request.build_absolute_uri(session.join_url()),
        short_url=_without_scheme(request.build_absolute_uri(reverse("live_join:join"))),
    )
    return render(request, "workshops/live/control.html", context)


@capability_required(Capability.RUN_MEETINGS)
@require_POST
def control_action(request: HttpRequest, code: str) -> HttpResponse:
    session = _session(code)
    activity = None
    if request.POST.get("activity"):
        try:
            activity = session.activities.filter(pk=int(request.POST["activity"])).first()
        except ValueError:
            activity = None
    try:
        message = services.control(
            session=session, action=request.POST.get("action", ""), activity=activity
        )
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, message)
    return redirect(session)


@capability_required(Capability.RUN_MEETINGS)
@never_cache
def presenter(request: HttpRequest, code: str) -> HttpResponse:
    session = _session(code)
    context = board.board_context(session)
    context.update(
        join_url=request.build_absolute_uri(session.join_url()),
        short_url=_without_scheme(request.build_absolute_uri(reverse("live_join:join"))),
    )
    return render(request, "workshops/live/presenter.html", context)


@capability_required(Capability.RUN_MEETINGS)
@require_GET
def presenter_stream(request: HttpRequest, code: str) -> HttpResponseBase:
    session = _session(code)
    key = (session.pk, "presenter", get_language() or "sv")
    return _event_stream(request, key, retry_ms=hub.RETRY_SCREEN_MS)


@capability_required(Capability.RUN_MEETINGS)
@require_GET
def control_stream(request: HttpRequest, code: str) -> HttpResponseBase:
    session = _session(code)
    key = (session.pk, "control", get_language() or "sv")
    return _event_stream(request, key, retry_ms=hub.RETRY_SCREEN_MS)


@capability_required(Capability.RUN_MEETINGS)
@require_GET
def qr_code(request: HttpRequest, code: str) -> HttpResponse:
    session = _session(code)
    qr = segno.make(request.build_absolute_uri(session.join_url()), error="m")
    buffer = io.BytesIO()
    # A standalone SVG (with its namespace) so it works as an <img>; drawn offline.
    qr.save(
        buffer,
        kind="svg",
        xmldecl=False,
        scale=8,
        border=2,
        omitsize=True,
        svgclass=None,
        lineclass=None,
        dark="#000",
        light="#fff",
    )
    svg = buffer.getvalue()
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@capability_required(Capability.RUN_MEETINGS)
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    session = _session(code)
    activity = (
        get_object_or_404(Activity, pk=pk, session=session)
        if pk
        else Activity(session=session, position=session.activities.count() + 1)
    )
    form = ActivityForm(request.POST if request.method == "POST" else None, instance=activity)
    if request.method == "POST" and form.is_valid():
        form.save()
        services.room_changed(session.pk)
        messages.success(request, _("Activity saved."))
        return redirect(session)
    return render(
        request,
        "workshops/live/activity_form.html",
        {"session": session, "form": form, "activity": activity},
        status=400 if request.method == "POST" else 200,
    )
