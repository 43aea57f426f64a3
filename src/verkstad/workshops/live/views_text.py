"""Facilitator pages for the text-collecting activities, and two ways to add activities.

- ``texter/<activity>/``: the words, questions or ideas of one activity; hide and show
  them, moderate Q&A, group a future-workshop phase's ideas and switch it to voting.
  Facilitators (``RUN_MEETINGS``) may do everything; moderators
  (``MODERATE_STATEMENTS``) may hide, show and answer, not group or change the step.
- ``framtidsverkstad/ny/``: add the three future-workshop phases in one go.
- ``fran-fynd/``: pick a published finding and add a scale question, a question over its
  seed statements and a word cloud from its big question, each linked to the finding.

Every change is a POST that redirects back (or re-renders with a message on bad input).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from verkstad.accounts.permissions import Capability, user_can
from verkstad.knowledge.models import Finding, SeedStatement
from verkstad.workshops.live import kinds_text as text
from verkstad.workshops.live.kinds import MAX_OPTIONS, kind_of
from verkstad.workshops.live.models import (
    Activity,
    ActivityKind,
    Contribution,
    ContributionStatus,
    LiveSession,
)
from verkstad.workshops.live.services import room_changed

TEXT_KINDS = (ActivityKind.WORDCLOUD, ActivityKind.QA, ActivityKind.FUTURE)


def _session(code: str) -> LiveSession:
    return get_object_or_404(
        LiveSession.objects.select_related("meeting", "current"), code=code.upper()
    )


def _may_moderate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Facilitators and moderators; anonymous people go to sign in, others get 403."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (
            user_can(request.user, Capability.RUN_MEETINGS)
            or user_can(request.user, Capability.MODERATE_STATEMENTS)
        ):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def _facilitator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user_can(request.user, Capability.RUN_MEETINGS):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


# --- one activity's texts ---------------------------------------------------------------


def _word_groups(activity: Activity) -> dict[str, Any]:
    """Every word group with its copies, and how many the offensive filter holds back."""
    groups: dict[str, dict[str, Any]] = {}
    filtered = 0
    for c in activity.contributions.order_by("created_at", "pk"):
        if text.is_offensive(c.text):
            filtered += 1
            continue
        group = groups.setdefault(
            c.normalised, {"key": c.normalised, "forms": {}, "count": 0, "hidden": 0}
        )
        group["forms"][c.text] = group["forms"].get(c.text, 0) + 1
        group["count"] += 1
        group["hidden"] += c.status == ContributionStatus.HIDDEN
    rows = []
    for group in groups.values():
        forms_ = sorted(group["forms"].items(), key=lambda kv: -kv[1])
        rows.append(
            {
                "key": group["key"],
                "label": forms_[0][0],
                "forms": [f for f, _n in forms_],
                "count": group["count"],
                "hidden": group["hidden"] == group["count"],
            }
        )
    rows.sort(key=lambda r: (r["hidden"], -r["count"]))
    return {"words": rows, "filtered": filtered}


def _questions(activity: Activity) -> dict[str, Any]:
    questions = list(
        activity.contributions.annotate(votes=Count("upvotes")).order_by(
            "-votes", "created_at", "pk"
        )
    )
    waiting = [
        q for q in questions if q.status == ContributionStatus.HIDDEN and q.cluster == text.AWAITING
    ]
    return {
        "waiting": waiting,
        "shown": [q for q in questions if q.status == ContributionStatus.VISIBLE],
        "answered": [q for q in questions if q.status == ContributionStatus.ANSWERED],
        "hidden": [
            q
            for q in questions
            if q.status == ContributionStatus.HIDDEN and q.cluster != text.AWAITING
        ],
        "moderation": text.qa_moderation(activity),
    }


def _ideas(activity: Activity) -> dict[str, Any]:
    ideas = list(activity.contributions.order_by("created_at", "pk"))
    for idea in ideas:
        idea.group_value = "" if idea.cluster == text.AWAITING else idea.cluster
        idea.held = idea.cluster == text.AWAITING
    clusters = text.future_clusters(activity)
    return {
        "ideas": ideas,
        "clusters": clusters,
        "labels": sorted({i.group_value for i in ideas if i.group_value}),
        "step": text.future_step(activity),
        "phase": text.future_phase(activity),
        "dots": text.future_dots(activity),
        "label_max": text.LABEL_MAX_CHARS,
    }


def _texts_context(activity: Activity) -> dict[str, Any]:
    if activity.kind == ActivityKind.WORDCLOUD:
        return _word_groups(activity)
    if activity.kind == ActivityKind.QA:
        return _questions(activity)
    return _ideas(activity)


def _act(request: HttpRequest, activity: Activity) -> str:
    """Carry out one POSTed move; returns the message, raises Refusal or PermissionDenied."""
    action = request.POST.get("action", "")
    facilitator = user_can(request.user, Capability.RUN_MEETINGS)
    if activity.kind == ActivityKind.WORDCLOUD and action in ("hide", "show"):
        key = request.POST.get("key", "")
        changed = text.word_hide(activity=activity, key=key, hide=action == "hide")
        if not changed:
            raise text.Refusal(_("That word is no longer in the cloud."))
        return _("The word is hidden.") if action == "hide" else _("The word is shown again.")
    if action in text.QUESTION_ACTIONS and activity.kind in (ActivityKind.QA, ActivityKind.FUTURE):
        try:
            pk = int(request.POST.get("contribution", ""))
        except ValueError:
            pk = 0
        contribution = Contribution.objects.filter(pk=pk, activity=activity).first()
        if contribution is None:
            raise text.Refusal(_("That text is no longer here."))
        return text.question_moderate(activity=activity, contribution=contribution, action=action)
    if not facilitator:
        raise PermissionDenied
    if activity.kind == ActivityKind.QA and action == "moderation":
        text.qa_moderation_set(activity=activity, mode=request.POST.get("mode", ""))
        if text.qa_moderation(activity) == "pre":
            return _("New questions now wait for your review before they are shown.")
        return _("New questions are now shown at once.")
    if activity.kind == ActivityKind.FUTURE and action == "group":
        return _group(request, activity)
    if activity.kind == ActivityKind.FUTURE and action == "merge":
        source, target = request.POST.get("source", ""), request.POST.get("target", "")
        text.clusters_merge(activity=activity, source=source, target=target)
        return _("“%(source)s” is merged into “%(target)s”.") % {
            "source": source,
            "target": target,
        }
    if activity.kind == ActivityKind.FUTURE and action == "step":
        try:
            dots = int(request.POST.get("dots", "") or text.future_dots(activity))
        except ValueError:
            raise text.Refusal(_("Dots per person must be a whole number from 1 to 10.")) from None
        if not 1 <= dots <= 10:
            raise text.Refusal(_("Dots per person must be a whole number from 1 to 10."))
        step = request.POST.get("step", "")
        text.future_step_set(activity=activity, step=step, dots=dots)
        if step == "vote":
            return _("Phones now spread their dots over the groups.")
        return _("Phones now send ideas again.")
    raise text.Refusal(_("Unknown action."))


def _group(request: HttpRequest, activity: Activity) -> str:
    labels: dict[int, str] = {}
    for raw in request.POST.getlist("idea"):
        try:
            pk = int(raw)
        except ValueError:
            continue
        label = text.tidy(request.POST.get(f"group-{pk}", ""))
        if len(label) > text.LABEL_MAX_CHARS:
            raise text.Refusal(
                _("A group's name has at most %(max)d characters: “%(label)s…”.")
                % {"max": text.LABEL_MAX_CHARS, "label": label[:30]}
            )
        labels[pk] = label
    if not labels:
        raise text.Refusal(_("There are no ideas to group yet."))
    hidden = {pk for pk in labels if request.POST.get(f"hide-{pk}")}
    changed = text.ideas_group(activity=activity, labels=labels, hidden=hidden)
    return ngettext("%(n)d idea changed.", "%(n)d ideas changed.", changed) % {"n": changed}


@_may_moderate
@never_cache
@require_http_methods(["GET", "POST"])
def texts(request: HttpRequest, code: str, activity_id: int) -> HttpResponse:
    session = _session(code)
    activity = get_object_or_404(
        Activity, pk=activity_id, session=session, kind__in=[k.value for k in TEXT_KINDS]
    )
    status = 200
    error = ""
    if request.method == "POST":
        try:
            message = _act(request, activity)
        except text.Refusal as refusal:
            error, status = str(refusal), 400
        else:
            messages.success(request, message)
            return redirect("workshops:live_texts", code=session.code, activity_id=activity.pk)
        activity.refresh_from_db()
    context = {
        "session": session,
        "activity": activity,
        "error": error,
        "may_group": user_can(request.user, Capability.RUN_MEETINGS),
        "setup_errors": kind_of(activity).setup_errors(activity),
        "results": kind_of(activity).results(activity),
        "results_template": kind_of(activity).results_template(),
        **_texts_context(activity),
    }
    return render(request, "workshops/live/text_activity.html", context, status=status)


# --- a future workshop in one go --------------------------------------------------------


class FutureWorkshopForm(forms.Form):
    topic_sv = forms.CharField(
        label=gettext_lazy("Topic (Swedish)"),
        max_length=120,
        required=False,
        help_text=gettext_lazy(
            "Put before each phase's question, e.g. “Kompetens i Stålstaden”. Leave empty "
            "for the questions on their own."
        ),
    )
    topic_en = forms.CharField(
        label=gettext_lazy("Topic (English)"), max_length=120, required=False
    )
    dots = forms.IntegerField(
        label=gettext_lazy("Dots per person when voting"), min_value=1, max_value=10, initial=3
    )


@_facilitator
@never_cache
@require_http_methods(["GET", "POST"])
def future_create(request: HttpRequest, code: str) -> HttpResponse:
    session = _session(code)
    form = FutureWorkshopForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not session.is_running:
            form.add_error(None, _("The session has ended."))
        else:
            text.future_workshop_create(
                session=session,
                topic_sv=form.cleaned_data["topic_sv"],
                topic_en=form.cleaned_data["topic_en"],
                dots=form.cleaned_data["dots"],
            )
            messages.success(
                request,
                _(
                    "Three activities added: critique, vision and realisation. Each collects "
                    "ideas first; group them and switch to voting on its texts page."
                ),
            )
            return redirect(session)
    return render(
        request,
        "workshops/live/text_future_form.html",
        {"session": session, "form": form, "prompts": text.FUTURE_PROMPTS},
        status=400 if request.method == "POST" else 200,
    )


# --- activities from a finding ----------------------------------------------------------

# What the proposals say before the facilitator edits them. They become the activities'
# prompts in both languages (content, like the finding's own text), so both are written
# here; the page shows them in editable fields.
SCALE_PROMPT = (
    "Hur väl stämmer detta på vår ort? ”{title}”",
    "How well does this describe our town? “{title}”",
)
SCALE_ENDS = {
    "low_sv": "Inte alls",
    "high_sv": "Helt och hållet",
    "low_en": "Not at all",
    "high_en": "Completely",
}
CHOICE_PROMPT = (
    "Vilka av de här påståendena stämmer för vår ort?",
    "Which of these statements hold for our town?",
)
CLOUD_PROMPT = (
    "{question} Svara med ett eller några ord.",
    "{question} Answer in a word or a few.",
)
CLOUD_PROMPT_NO_QUESTION = (
    "Vilket ord tänker du på när du hör: ”{title}”?",
    "Which word comes to mind when you hear: “{title}”?",
)

CHOICE_KINDS = [
    (ActivityKind.POLL_MULTI.value, ActivityKind.POLL_MULTI.label),
    (ActivityKind.RANKING.value, ActivityKind.RANKING.label),
    (ActivityKind.DOTS.value, ActivityKind.DOTS.label),
]


def finding_seeds(finding: Finding) -> list[SeedStatement]:
    """The finding's own seed statements first, then those of its big questions."""
    seeds = (
        SeedStatement.objects.filter(Q(finding=finding) | Q(question__findings=finding))
        .select_related("question")
        .distinct()
    )
    return sorted(seeds, key=lambda s: (s.finding_id != finding.pk, s.question.number, s.position))


def finding_proposals(finding: Finding) -> dict[str, Any]:
    question = finding.questions.order_by("number").first()
    if question is not None:
        cloud = (
            CLOUD_PROMPT[0].format(question=question.title_sv),
            CLOUD_PROMPT[1].format(question=question.title_en),
        )
    else:
        cloud = (
            CLOUD_PROMPT_NO_QUESTION[0].format(title=finding.title_sv),
            CLOUD_PROMPT_NO_QUESTION[1].format(title=finding.title_en),
        )
    seeds = finding_seeds(finding)
    return {
        "finding": finding.slug,
        "make_scale": True,
        "scale_sv": SCALE_PROMPT[0].format(title=finding.title_sv),
        "scale_en": SCALE_PROMPT[1].format(title=finding.title_en),
        "make_choice": len(seeds) >= 2,
        "choice_kind": ActivityKind.POLL_MULTI.value,
        "choice_sv": CHOICE_PROMPT[0],
        "choice_en": CHOICE_PROMPT[1],
        "seeds": [s.pk for s in seeds[:MAX_OPTIONS]],
        "make_cloud": True,
        "cloud_sv": cloud[0],
        "cloud_en": cloud[1],
    }


class FindingPickForm(forms.Form):
    finding = forms.ModelChoiceField(
        label=gettext_lazy("Finding"),
        queryset=Finding.objects.published().order_by("number"),
        to_field_name="slug",
        empty_label=gettext_lazy("Choose a finding"),
    )


def _prompt(label: str) -> forms.CharField:
    return forms.CharField(label=label, max_length=300, required=False)


class FromFindingForm(forms.Form):
    finding = forms.CharField(widget=forms.HiddenInput)
    make_scale = forms.BooleanField(label=gettext_lazy("Add a scale question"), required=False)
    scale_sv = _prompt(gettext_lazy("Scale question (Swedish)"))
    scale_en = _prompt(gettext_lazy("Scale question (English)"))
    make_choice = forms.BooleanField(
        label=gettext_lazy("Add a question over the seed statements"), required=False
    )
    choice_kind = forms.ChoiceField(
        label=gettext_lazy("How people answer it"), choices=CHOICE_KINDS
    )
    choice_sv = _prompt(gettext_lazy("Question over the statements (Swedish)"))
    choice_en = _prompt(gettext_lazy("Question over the statements (English)"))
    seeds = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Statements to choose from"),
        queryset=SeedStatement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    make_cloud = forms.BooleanField(label=gettext_lazy("Add a word cloud"), required=False)
    cloud_sv = _prompt(gettext_lazy("Word cloud question (Swedish)"))
    cloud_en = _prompt(gettext_lazy("Word cloud question (English)"))

    def __init__(self, *args: Any, seeds: list[SeedStatement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seeds"].queryset = SeedStatement.objects.filter(pk__in=[s.pk for s in seeds])
        self.fields["seeds"].label_from_instance = lambda s: s.text
        self.seed_order = [s.pk for s in seeds]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        made = [name for name in ("scale", "choice", "cloud") if data.get(f"make_{name}")]
        if not made:
            raise forms.ValidationError(_("Tick at least one activity to add."))
        for name in made:
            if not data.get(f"{name}_sv"):
                self.add_error(f"{name}_sv", _("Write the question in Swedish."))
        if "choice" in made:
            count = len(data.get("seeds") or [])
            if not 2 <= count <= MAX_OPTIONS:
                self.add_error(
                    "seeds",
                    _("Tick between 2 and %(max)d statements; you ticked %(n)d.")
                    % {"max": MAX_OPTIONS, "n": count},
                )
        return data


def activities_from_finding(
    *, session: LiveSession, finding: Finding, data: dict[str, Any], seed_order: list[int]
) -> list[Activity]:
    """Create the ticked proposals at the end of the session, each linked to the finding."""
    position = (session.activities.aggregate(m=Max("position"))["m"] or 0) + 1
    made: list[Activity] = []

    def add(kind: str, sv: str, en: str, **fields: Any) -> None:
        made.append(
            Activity.objects.create(
                session=session,
                position=position + len(made),
                kind=kind,
                prompt_sv=sv,
                prompt_en=en,
                finding=finding,
                **fields,
            )
        )

    with transaction.atomic():
        if data.get("make_scale"):
            add(ActivityKind.SCALE, data["scale_sv"], data["scale_en"], config=dict(SCALE_ENDS))
        if data.get("make_choice"):
            chosen = {s.pk: s for s in data["seeds"]}
            options = [
                {"key": f"o{n}", "sv": chosen[pk].text_sv[:200], "en": chosen[pk].text_en[:200]}
                for n, pk in enumerate((pk for pk in seed_order if pk in chosen), start=1)
            ]
            config = {"dots": 3} if data["choice_kind"] == ActivityKind.DOTS else {}
            add(
                data["choice_kind"],
                data["choice_sv"],
                data["choice_en"],
                options=options,
                config=config,
            )
        if data.get("make_cloud"):
            add(ActivityKind.WORDCLOUD, data["cloud_sv"], data["cloud_en"])
    room_changed(session.pk)
    return made


@_facilitator
@never_cache
@require_http_methods(["GET", "POST"])
def from_finding(request: HttpRequest, code: str) -> HttpResponse:
    session = _session(code)
    source = request.POST if request.method == "POST" else request.GET
    finding = None
    if source.get("finding"):
        finding = Finding.objects.published().filter(slug=source["finding"]).first()
        if finding is None and request.method == "POST":
            raise Http404
    pick = FindingPickForm(initial={"finding": finding.slug} if finding else None)
    if finding is None and request.method == "GET" and request.GET.get("finding"):
        pick = FindingPickForm(request.GET)
        pick.is_valid()  # shows "choose a valid finding"
    form = None
    status = 200
    if finding is not None:
        seeds = finding_seeds(finding)
        if request.method == "POST":
            form = FromFindingForm(request.POST, seeds=seeds)
            if form.is_valid() and not session.is_running:
                form.add_error(None, _("The session has ended."))
            if form.is_valid():
                made = activities_from_finding(
                    session=session,
                    finding=finding,
                    data=form.cleaned_data,
                    seed_order=form.seed_order,
                )
                messages.success(
                    request,
                    ngettext(
                        "%(n)d activity added from the finding “%(title)s”.",
                        "%(n)d activities added from the finding “%(title)s”.",
                        len(made),
                    )
                    % {"n": len(made), "title": finding.title},
                )
                return redirect(session)
            status = 400
        else:
            form = FromFindingForm(initial=finding_proposals(finding), seeds=seeds)
    return render(
        request,
        "workshops/live/text_from_finding.html",
        {
            "session": session,
            "pick": pick,
            "form": form,
            "finding": finding,
            "action": reverse("workshops:live_from_finding", args=[session.code]),
        },
        status=status,
    )
