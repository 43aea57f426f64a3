"""Meeting pages: list, detail, registration, facilitators' planning pages, calendars.

Everything a facilitator does (create, edit, agenda, attendee list, attendance counts,
minutes, decisions and actions) needs ``Capability.RUN_MEETINGS``, which editors have too.
Every form posts and redirects (POST-redirect-GET).
"""

from __future__ import annotations

import csv
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from verkstad.accounts.models import Organisation
from verkstad.accounts.permissions import Capability, capability_required, user_can
from verkstad.workshops import selectors, services
from verkstad.workshops.forms import (
    ActionStatusForm,
    AgendaItemForm,
    DecisionForm,
    FollowUpActionForm,
    MeetingForm,
    MinutesForm,
    RegistrationForm,
)
from verkstad.workshops.ical import meetings_ical
from verkstad.workshops.models import (
    ACTIVE_STATUSES,
    Meeting,
    MeetingStatus,
    Registration,
    RegistrationStatus,
)
from verkstad.workshops.services import RegistrationRefused, waiting_position


def _may_run(request: HttpRequest) -> bool:
    return user_can(request.user, Capability.RUN_MEETINGS)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _meeting_for(request: HttpRequest, slug: str) -> Meeting:
    """The meeting; drafts are 404 for people who do not run meetings."""
    meeting = get_object_or_404(Meeting.objects.prefetch_related("organisers"), slug=slug)
    if meeting.status == MeetingStatus.DRAFT and not _may_run(request):
        raise Http404
    return meeting


def _own_registration(request: HttpRequest, meeting: Meeting) -> Registration | None:
    if not request.user.is_authenticated:
        return None
    return meeting.registrations.filter(user=request.user, status__in=ACTIVE_STATUSES).first()


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "traff"
    slug, n = base, 2
    while Meeting.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def meeting_list(request: HttpRequest) -> HttpResponse:
    may_run = _may_run(request)
    return render(
        request,
        "workshops/meeting_list.html",
        {
            "upcoming": selectors.meetings_upcoming(may_run=may_run),
            "past": selectors.meetings_past(may_run=may_run)[:50],
            "may_run": may_run,
        },
    )


def _detail_context(
    request: HttpRequest, meeting: Meeting, *, form: RegistrationForm | None = None
) -> dict[str, Any]:
    registration = _own_registration(request, meeting)
    confirmed = meeting.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    initial_actor = ""
    if request.user.is_authenticated:
        membership = request.user.memberships.select_related("organisation").first()
        initial_actor = membership.organisation.actor_type if membership else ""
    return {
        "meeting": meeting,
        "agenda": meeting.agenda_items.select_related("finding", "conversation", "question"),
        "carried_over": selectors.actions_carried_over(meeting=meeting),
        "decisions": meeting.decisions.all(),
        "actions": meeting.actions.select_related("owner"),
        "registration": registration,
        "position": waiting_position(registration=registration) if registration else None,
        "places_left": None if meeting.capacity is None else max(0, meeting.capacity - confirmed),
        "form": form or RegistrationForm(initial={"actor_type": initial_actor}),
        "may_run": _may_run(request),
        "live_sessions": meeting.live_sessions.all() if _may_run(request) else (),
    }


def meeting_detail(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = _meeting_for(request, slug)
    return render(request, "workshops/meeting_detail.html", _detail_context(request, meeting))


@capability_required(Capability.RUN_MEETINGS)
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = form.save(commit=False)
        meeting.slug = _unique_slug(meeting.title_sv)
        meeting.created_by = request.user
        with transaction.atomic():
            meeting.save()
            form.save_m2m()
        messages.success(request, _("The meeting is saved. Add its agenda next."))
        return redirect("workshops:agenda_edit", meeting.slug)
    return render(request, "workshops/meeting_form.html", {"form": form, "meeting": None})


@capability_required(Capability.RUN_MEETINGS)
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting, slug=slug)
    was_cancelled = meeting.status == MeetingStatus.CANCELLED
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        services.meeting_places_refill(meeting=meeting, base_url=_base_url(request))
        if meeting.status == MeetingStatus.CANCELLED and not was_cancelled:
            services.meeting_cancelled_notify(meeting=meeting, base_url=_base_url(request))
        messages.success(request, _("The meeting is saved."))
        return redirect(meeting)
    return render(request, "workshops/meeting_form.html", {"form": form, "meeting": meeting})


@capability_required(Capability.RUN_MEETINGS)
@require_http_methods(["GET", "POST"])
def agenda_edit(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting, slug=slug)
    form = AgendaItemForm()
    if request.method == "POST":
        if "delete" in request.POST:
            item = meeting.agenda_items.filter(pk=_int(request.POST["delete"])).first()
            if item is None:
                raise Http404
            item.delete()
            messages.success(request, _("The agenda item is removed."))
            return redirect("workshops:agenda_edit", meeting.slug)
        form = AgendaItemForm(request.POST)
        if form.is_valid():
            item = form.save(commit=False)
            item.meeting = meeting
            last = meeting.agenda_items.order_by("-position").first()
            item.position = (last.position + 1) if last else 1
            item.save()
            messages.success(request, _("The agenda item is added."))
            return redirect("workshops:agenda_edit", meeting.slug)
    return render(
        request,
        "workshops/agenda_edit.html",
        {
            "meeting": meeting,
            "agenda": meeting.agenda_items.select_related("finding", "conversation", "question"),
            "form": form,
        },
    )


def _int(value: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < number < 2**31:
        raise Http404
    return number


@require_POST
def registration_create(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = _meeting_for(request, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(meeting.get_absolute_url())
    form = RegistrationForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, meeting, form=form)
        return render(request, "workshops/meeting_detail.html", context, status=400)
    try:
        registration = services.registration_create(
            meeting=meeting,
            user=request.user,
            actor_type=form.cleaned_data["actor_type"],
            base_url=_base_url(request),
        )
    except RegistrationRefused as refused:
        messages.error(request, refused.message)
        return redirect(meeting)
    if registration.status == RegistrationStatus.CONFIRMED:
        messages.success(request, _("You have a place. We have sent you an e-mail."))
    else:
        messages.info(
            request,
            _(
                "The meeting is full, so you are on the waiting list. "
                "We e-mail you if you get a place."
            ),
        )
    return redirect(meeting)


@require_POST
def registration_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = _meeting_for(request, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(meeting.get_absolute_url())
    registration = _own_registration(request, meeting)
    if registration is not None:
        services.registration_cancel(registration=registration, base_url=_base_url(request))
        messages.success(request, _("Your registration is cancelled."))
    return redirect(meeting)


@capability_required(Capability.RUN_MEETINGS)
@require_http_methods(["GET", "POST"])
def attendee_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Names for the organisers; POST marks who came (ticked boxes of confirmed places)."""
    meeting = get_object_or_404(Meeting, slug=slug)
    if request.method == "POST":
        ticked = {
            int(value)
            for value in request.POST.getlist("attended")
            if value.isdigit() and len(value) < 10
        }
        services.attendance_record(meeting=meeting, registration_ids=ticked)
        messages.success(request, _("Who came is saved."))
        return redirect("workshops:attendee_list", meeting.slug)
    registrations = meeting.registrations.filter(status__in=ACTIVE_STATUSES).select_related("user")
    return render(
        request,
        "workshops/attendee_list.html",
        {
            "meeting": meeting,
            "confirmed": [r for r in registrations if r.status == RegistrationStatus.CONFIRMED],
            "waiting": [r for r in registrations if r.status == RegistrationStatus.WAITING],
            "counts": selectors.attendance_counts(meeting=meeting),
        },
    )


@capability_required(Capability.RUN_MEETINGS)
def attendance_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """People per actor type (who came, or confirmed places); no names; ``<5`` for small."""
    meeting = get_object_or_404(Meeting, slug=slug)
    counts = selectors.attendance_counts(meeting=meeting)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{meeting.slug}-attendance.csv"'
    writer = csv.writer(response)
    writer.writerow(["meeting", "basis", "actor_type", "people"])
    for row in counts.rows:
        writer.writerow(
            [
                meeting.slug,
                counts.basis,
                row.actor_type or "not_stated",
                "<5" if row.suppressed else row.count,
            ]
        )
    total = "<5" if counts.total is None else counts.total
    writer.writerow([meeting.slug, counts.basis, "total", total])
    return response


@capability_required(Capability.RUN_MEETINGS)
@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.prefetch_related("organisers"), slug=slug)
    minutes_form = MinutesForm(instance=meeting, prefix="minutes")
    decision_form = DecisionForm(prefix="decision")
    action_form = FollowUpActionForm(prefix="action")
    carried = selectors.actions_carried_over(meeting=meeting)
    status = 200
    if request.method == "POST":
        part = request.POST.get("part")
        if part == "minutes":
            minutes_form = MinutesForm(request.POST, instance=meeting, prefix="minutes")
            if minutes_form.is_valid():
                minutes_form.save()
                messages.success(request, _("The minutes are saved."))
                return redirect("workshops:minutes_edit", meeting.slug)
        elif part == "decision":
            decision_form = DecisionForm(request.POST, prefix="decision")
            if decision_form.is_valid():
                decision = decision_form.save(commit=False)
                decision.meeting = meeting
                decision.save()
                messages.success(request, _("The decision is added."))
                return redirect("workshops:minutes_edit", meeting.slug)
        elif part == "action":
            action_form = FollowUpActionForm(request.POST, prefix="action")
            if action_form.is_valid():
                action = action_form.save(commit=False)
                action.meeting = meeting
                action.save()
                messages.success(request, _("The action is added."))
                return redirect("workshops:minutes_edit", meeting.slug)
        elif part == "status":
            status_form = ActionStatusForm(request.POST)
            if not status_form.is_valid():
                return HttpResponse(_("That status change was not understood."), status=400)
            action_id = status_form.cleaned_data["action"]
            action = (
                meeting.actions.filter(pk=action_id).first() or carried.filter(pk=action_id).first()
            )
            if action is None:
                raise Http404
            services.action_set_status(action=action, status=status_form.cleaned_data["status"])
            messages.success(request, _("The action's status is saved."))
            return redirect("workshops:minutes_edit", meeting.slug)
        else:
            return HttpResponse(_("That form was not understood."), status=400)
        status = 400
    return render(
        request,
        "workshops/minutes_edit.html",
        {
            "meeting": meeting,
            "minutes_form": minutes_form,
            "decision_form": decision_form,
            "action_form": action_form,
            "decisions": meeting.decisions.all(),
            "actions": meeting.actions.select_related("owner"),
            "carried_over": carried,
            "status_choices": ActionStatusForm.base_fields["status"].choices,
        },
        status=status,
    )


def meeting_ical(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = _meeting_for(request, slug)
    body = meetings_ical([meeting], base_url=_base_url(request))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{meeting.slug}.ics"'
    return response


def organisation_ical(request: HttpRequest, pk: int) -> HttpResponse:
    """Every published or cancelled meeting the organisation organises (a subscribable feed)."""
    organisation = get_object_or_404(Organisation, pk=pk)
    since = timezone.now() - timedelta(days=365)
    meetings = organisation.meetings.exclude(status=MeetingStatus.DRAFT).filter(ends_at__gte=since)
    body = meetings_ical(meetings, base_url=_base_url(request), name=organisation.name)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
