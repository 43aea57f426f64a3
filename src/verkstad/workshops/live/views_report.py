"""A live session's report (HTML, CSV, PDF) and the statement round's set-up page.

Facilitator pages (``Capability.RUN_MEETINGS``). The report shows every activity through its
kind's own ``results()`` and ``results_template()``, so kinds added later (word cloud, Q&A,
future workshop) appear without changes here. Nothing in it names or numbers a participant:
results are counts, the texts people sent in (only those still shown) carry no author, and the
participants' declared roles are counted only in groups of at least
:data:`~verkstad.dialogue.aggregates.MIN_PEOPLE`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from verkstad.accounts.models import ActorType
from verkstad.accounts.permissions import Capability, capability_required
from verkstad.dialogue.aggregates import MIN_PEOPLE
from verkstad.dialogue.models import Access, Conversation, Moderation
from verkstad.dialogue.services.conversation_start import conversation_start
from verkstad.dialogue.services.participation import statement_text_validate
from verkstad.knowledge.models import BigQuestion, EditorialStatus, Finding, SeedStatement
from verkstad.workshops.live import services
from verkstad.workshops.live.kinds import KINDS, Kind, Results
from verkstad.workshops.live.kinds_dialogue import open_conversations
from verkstad.workshops.live.models import Activity, ActivityKind, LiveSession

# --- the report's content ---------------------------------------------------------------


@dataclass
class ActivityReport:
    number: int
    activity: Activity
    kind: Kind | None
    results: Results | None
    results_template: str = ""


@dataclass
class RoleCell:
    #: An ``ActorType`` value, or "" for people who did not say.
    code: str
    label: str
    #: ``None`` when suppressed (fewer than five, or hidden so a small one cannot be worked out).
    count: int | None


@dataclass
class SessionReport:
    session: LiveSession
    participants: int
    activities: list[ActivityReport]
    roles: list[RoleCell]
    roles_suppressed: bool
    made_at: Any = field(default_factory=timezone.now)

    @property
    def min_people(self) -> int:
        return MIN_PEOPLE


def role_cells(counts: dict[str, int]) -> list[RoleCell]:
    """Participants per declared actor type (and "did not say"), small cells suppressed.

    A cell under five is hidden; when exactly one cell is hidden, the next smallest is hidden
    too, so the hidden one cannot be worked out from the total.
    """
    labels = dict(ActorType.choices)
    cells = [
        RoleCell(code, str(labels[code]), counts[code])
        for code in ActorType.values
        if counts.get(code)
    ]
    if counts.get(""):
        cells.append(RoleCell("", _("Did not say"), counts[""]))
    hidden = [c for c in cells if c.count is not None and c.count < MIN_PEOPLE]
    if len(hidden) == 1:
        shown = sorted((c for c in cells if c not in hidden), key=lambda c: c.count or 0)
        if shown:
            hidden.append(shown[0])
    for cell in hidden:
        cell.count = None
    return cells


def _in_full(results: Results) -> Results:
    """Every line, where a kind shows the projector only the top ones (``extra["board"]``)."""
    if isinstance(results.extra.get("board"), list):
        results.extra = {**results.extra, "board": list(results.rows), "more": 0}
    return results


def session_report(session: LiveSession) -> SessionReport:
    participants = session.participants.count()
    counts = dict(session.participants.values_list("actor_type").annotate(n=Count("pk")).order_by())
    roles = role_cells({code or "": n for code, n in counts.items()})
    activities = []
    for number, activity in enumerate(
        session.activities.select_related("conversation", "finding"), start=1
    ):
        kind = KINDS.get(activity.kind)
        if kind is None:  # a kind whose module is not installed here
            activities.append(ActivityReport(number, activity, None, None))
            continue
        activities.append(
            ActivityReport(
                number, activity, kind, _in_full(kind.results(activity)), kind.results_template()
            )
        )
    return SessionReport(
        session=session,
        participants=participants,
        activities=activities,
        roles=roles,
        roles_suppressed=any(r.count is None for r in roles),
    )


def _session(code: str) -> LiveSession:
    return get_object_or_404(LiveSession.objects.select_related("meeting"), code=code.upper())


def _filename(session: LiveSession, extension: str) -> str:
    return f"verkstad-{slugify(_('report'))}-{session.code}.{extension}"


# --- HTML ---------------------------------------------------------------------------------


@capability_required(Capability.RUN_MEETINGS)
@never_cache
@require_GET
def report(request: HttpRequest, code: str) -> HttpResponse:
    session = _session(code)
    return render(
        request,
        "workshops/live/report.html",
        {"report": session_report(session), "session": session, "for_print": False},
    )


# --- CSV ----------------------------------------------------------------------------------

#: The CSV's columns and what each holds (repeated as the file's codebook rows).
CSV_COLUMNS: tuple[tuple[str, Any], ...] = (
    (
        "section",
        gettext_lazy(
            "What the row is: session (totals), actor_type (participants by declared role), "
            "result (one line of an activity's results) or codebook (this explanation)."
        ),
    ),
    ("activity", gettext_lazy("The activity's place in the session: 1, 2, 3 …")),
    (
        "kind",
        gettext_lazy(
            "The kind of activity: poll, poll_multi, scale, ranking, dots, wordcloud, qa, "
            "statements or future."
        ),
    ),
    ("prompt", gettext_lazy("The question or task as it was shown.")),
    ("answered", gettext_lazy("People who answered the activity (voted, for a statement round).")),
    (
        "key",
        gettext_lazy(
            "The line's code: an option's key, a scale step, a statement's number in its "
            "conversation, an actor type; for codebook rows, the column described."
        ),
    ),
    (
        "label",
        gettext_lazy(
            "The line's text: the option, the statement, the word or question sent in, the role."
        ),
    ),
    (
        "count",
        gettext_lazy(
            "Answers, points (ranking), dots, upvotes or votes for the line, as the kind counts; "
            "people, for session and actor_type rows. Empty when suppressed."
        ),
    ),
    (
        "share_percent",
        gettext_lazy(
            "The line's share, in per cent, of the people who answered (of all dots for dot "
            "voting; of the statement's votes that agree, for a statement round)."
        ),
    ),
    ("agree", gettext_lazy("Statement round: votes that agree.")),
    ("disagree", gettext_lazy("Statement round: votes that disagree.")),
    ("pass", gettext_lazy("Statement round: votes that pass or are unsure.")),
    (
        "note",
        gettext_lazy("The activity's results in words (on its first line); why a cell is empty."),
    ),
)

CSS_PATH = Path(__file__).resolve().parents[2] / "static" / "verkstad" / "css" / "live-report.css"

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    """A CSV cell; text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(_FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def report_csv_rows(report: SessionReport) -> list[list[str]]:
    names = [name for name, _description in CSV_COLUMNS]

    def row(**values: Any) -> list[str]:
        return [_cell(values.get(name)) for name in names]

    suppressed = _("Fewer than %(n)d people, or hidden so that such a group cannot be worked out.")
    rows = [names, row(section="session", key="participants", label=_("Participants"),
                       count=report.participants)]  # fmt: skip
    for cell in report.roles:
        rows.append(
            row(
                section="actor_type",
                key=cell.code or "-",
                label=cell.label,
                count=cell.count,
                note="" if cell.count is not None else suppressed % {"n": MIN_PEOPLE},
            )
        )
    for item in report.activities:
        base = {
            "section": "result",
            "activity": item.number,
            "kind": item.activity.kind,
            "prompt": item.activity.prompt,
        }
        if item.results is None:
            rows.append(row(**base, note=_("The results of this kind cannot be shown here.")))
            continue
        results = item.results
        base["answered"] = results.answered
        if not results.rows:
            rows.append(row(**base, note=results.summary))
            continue
        for index, line in enumerate(results.rows):
            extra = line.extra or {}
            rows.append(
                row(
                    **base,
                    key=line.key,
                    label=line.label,
                    count=line.count,
                    share_percent=line.share,
                    agree=extra.get("agree"),
                    disagree=extra.get("disagree"),
                    **{"pass": extra.get("pass")},
                    note=results.summary if index == 0 else "",
                )
            )
    for name, description in CSV_COLUMNS:
        rows.append(row(section="codebook", key=name, label=str(description)))
    return rows


@capability_required(Capability.RUN_MEETINGS)
@never_cache
@require_GET
def report_csv(request: HttpRequest, code: str) -> HttpResponse:
    session = _session(code)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(report_csv_rows(session_report(session)))
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(session, "csv")}"'
    return response


# --- PDF ----------------------------------------------------------------------------------


def report_document_html(report: SessionReport, language: str) -> str:
    with translation.override(language):
        return render_to_string(
            "workshops/live/report_document.html",
            {"report": report, "session": report.session, "for_print": True,
             "LANGUAGE_CODE": language},
        )  # fmt: skip


def report_pdf_bytes(report: SessionReport, language: str) -> bytes:
    """The report as a tagged PDF through WeasyPrint, as briefs are made (A4, page numbers)."""
    from weasyprint import CSS, HTML

    from verkstad.briefs.render import PDF_VARIANT, _page_css

    html = report_document_html(report, language)
    document = HTML(string=html, base_url=str(CSS_PATH.parent))
    return document.write_pdf(
        stylesheets=[CSS(filename=str(CSS_PATH)), CSS(string=_page_css(language))],
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
    )


@capability_required(Capability.RUN_MEETINGS)
@never_cache
@require_GET
def report_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """Serve the stored PDF; when it is missing or out of date, queue a render and say so."""
    from verkstad.workshops.live.report_pdf import PdfState, report_pdf_request

    session = _session(code)
    status = report_pdf_request(session=session, language=get_language() or settings.LANGUAGE_CODE)
    report_file = status.file
    if status.state == PdfState.READY or (request.GET.get("tidigare") == "1" and report_file.pdf):
        return FileResponse(
            report_file.pdf.open("rb"),
            content_type="application/pdf",
            as_attachment=True,
            filename=_filename(session, "pdf"),
        )
    return render(
        request,
        "workshops/live/report_pdf_wait.html",
        {"session": session, "status": status, "has_previous": bool(report_file.pdf)},
        status=202 if status.state == PdfState.RENDERING else 200,
    )


# --- the statement round's set-up -------------------------------------------------------


class StatementRoundForm(forms.Form):
    """Which conversation a statement round votes in: an open one, or a new one."""

    SOURCES = (
        ("existing", gettext_lazy("An open conversation")),
        ("question", gettext_lazy("A new conversation from a big question")),
        ("finding", gettext_lazy("A new conversation from a finding")),
    )

    source = forms.ChoiceField(
        label=gettext_lazy("Statements from"), choices=SOURCES, widget=forms.RadioSelect,
        initial="existing",
    )  # fmt: skip
    conversation = forms.ModelChoiceField(
        label=gettext_lazy("Open conversation"),
        queryset=Conversation.objects.none(),
        required=False,
        help_text=gettext_lazy("Only open conversations with accepted statements are listed."),
    )
    question = forms.ModelChoiceField(
        label=gettext_lazy("Big question"), queryset=BigQuestion.objects.none(), required=False
    )
    finding = forms.ModelChoiceField(
        label=gettext_lazy("Finding"), queryset=Finding.objects.none(), required=False
    )
    extra_statements = forms.CharField(
        label=gettext_lazy("More statements for a new conversation, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "A new conversation starts with the question's or finding's seed statements and these."
        ),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the new statements"), choices=settings.LANGUAGES
    )
    prompt_sv = forms.CharField(
        label=gettext_lazy("Question on the screen (Swedish)"), max_length=300, required=False,
        help_text=gettext_lazy("Leave empty to show the conversation's topic."),
    )  # fmt: skip
    prompt_en = forms.CharField(
        label=gettext_lazy("Question on the screen (English)"), max_length=300, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["conversation"].queryset = open_conversations()
        self.fields["question"].queryset = BigQuestion.objects.order_by("number")
        self.fields["finding"].queryset = Finding.objects.filter(
            status=EditorialStatus.PUBLISHED
        ).order_by("number")

    def clean_extra_statements(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["extra_statements"].splitlines()]
        cleaned, errors = [], []
        for number, line in enumerate(lines, start=1):
            if not line:
                continue
            try:
                cleaned.append(statement_text_validate(line))
            except ValidationError as error:
                errors += [
                    _("Line %(line)d: %(message)s") % {"line": number, "message": message}
                    for message in error.messages
                ]
        if errors:
            raise ValidationError(errors)
        return cleaned

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        source = data.get("source")
        if source == "existing" and not data.get("conversation"):
            self.add_error("conversation", _("Choose an open conversation."))
        if source in ("question", "finding"):
            origin = data.get(source)
            if origin is None:
                self.add_error(
                    source,
                    _("Choose a big question.") if source == "question" else _("Choose a finding."),
                )
            else:
                seeds = self.seeds()
                if (
                    not seeds
                    and not data.get("extra_statements")
                    and "extra_statements" not in self.errors
                ):
                    self.add_error(
                        "extra_statements",
                        _(
                            "There are no seed statements to start from: "
                            "write at least one statement."
                        ),
                    )
        return data

    def seeds(self) -> list[SeedStatement]:
        data = self.cleaned_data
        if data.get("source") == "question" and data.get("question"):
            return list(data["question"].seed_statements.select_related("finding"))
        if data.get("source") == "finding" and data.get("finding"):
            return list(
                SeedStatement.objects.filter(finding=data["finding"]).select_related("finding")
            )
        return []

    def conversation_get(self, user: Any) -> Conversation:
        """The chosen conversation, or a new one started through the dialogue app's service."""
        data = self.cleaned_data
        if data["source"] == "existing":
            return data["conversation"]
        question = data["question"] if data["source"] == "question" else None
        finding = data["finding"] if data["source"] == "finding" else None
        origin = question or finding
        return conversation_start(
            created_by=user if getattr(user, "is_authenticated", False) else None,
            topic_sv=origin.title_sv,
            topic_en=origin.title_en,
            description_sv=question.description_sv if question else finding.claim_sv,
            description_en=question.description_en if question else finding.claim_en,
            language=data["language"],
            access=Access.ANYONE,
            moderation=Moderation.PRE,
            question=question,
            finding=finding,
            seeds=self.seeds(),
            extra_statements=data["extra_statements"],
        )


@capability_required(Capability.RUN_MEETINGS)
@require_http_methods(["GET", "POST"])
def statements_setup(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    """Add a statement round, or choose the conversation of one made on the activity form."""
    session = _session(code)
    activity = None
    if pk is not None:
        activity = get_object_or_404(Activity, pk=pk, session=session, kind=ActivityKind.STATEMENTS)
    initial: dict[str, Any] = {"language": (get_language() or "sv")[:2]}
    if activity is not None:
        initial.update(prompt_sv=activity.prompt_sv, prompt_en=activity.prompt_en)
        if activity.conversation_id:
            initial["conversation"] = activity.conversation_id
        elif activity.finding_id:
            initial.update(source="finding", finding=activity.finding_id)
    if initial["language"] not in dict(settings.LANGUAGES):
        initial["language"] = settings.LANGUAGE_CODE
    form = StatementRoundForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            conversation = form.conversation_get(request.user)
            if activity is None:
                activity = Activity(
                    session=session,
                    position=session.activities.count() + 1,
                    kind=ActivityKind.STATEMENTS,
                )
            activity.conversation = conversation
            if data["finding"] is not None and data["source"] == "finding":
                activity.finding = data["finding"]
            activity.prompt_sv = data["prompt_sv"] or activity.prompt_sv or conversation.topic_sv
            activity.prompt_en = data["prompt_en"] or activity.prompt_en or conversation.topic_en
            activity.save()
            services.room_changed(session.pk)
        messages.success(
            request,
            _("The statement round votes in the conversation “%(topic)s”.")
            % {"topic": conversation.topic},
        )
        return redirect(session)
    return render(
        request,
        "workshops/live/kinds/statements_setup.html",
        {"session": session, "activity": activity, "form": form},
        status=400 if request.method == "POST" else 200,
    )
