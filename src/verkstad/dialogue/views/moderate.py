"""Moderation queue and overview; Pol.is import, export and seeding pages.

Moderating needs ``MODERATE_STATEMENTS``; importing, exporting and seeding need
``RUN_MEETINGS`` (facilitators and editors: the people who set conversations up).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from verkstad.accounts.permissions import Capability, capability_required, user_can
from verkstad.dialogue.forms_moderate import ImportForm, ModerationForm, SeedForm
from verkstad.dialogue.models import Conversation, Moderation
from verkstad.dialogue.moderation import (
    ModerationError,
    moderation_overview,
    moderation_queue,
    moderation_recent,
    statement_moderate,
)
from verkstad.dialogue.polis_io import (
    ImportProblem,
    polis_export_zip,
    polis_import,
    statements_seed,
)

#: Statements shown at once in the queue; the next ones appear as decisions are made.
QUEUE_PAGE = 100


@require_GET
@capability_required(Capability.MODERATE_STATEMENTS)
def moderation_overview_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "dialogue/moderation_overview.html",
        {
            "conversations": moderation_overview(),
            "can_run_meetings": user_can(request.user, Capability.RUN_MEETINGS),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required(Capability.MODERATE_STATEMENTS)
def moderation_queue_view(request: HttpRequest, slug: str) -> HttpResponse:
    conversation = get_object_or_404(Conversation, slug=slug)
    form = ModerationForm(request.POST or None, conversation=conversation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = statement_moderate(
                statements=data["chosen"],
                status=data["status"],
                moderator=request.user,
                reason=data["full_reason"],
            )
        except ModerationError:  # the form checks the same; a race is the only way here
            form.add_error(None, _("The decision could not be saved. Try again."))
        else:
            if data["status"] == "accepted":
                text = ngettext("Accepted %(n)d statement.", "Accepted %(n)d statements.", changed)
            else:
                text = ngettext("Rejected %(n)d statement.", "Rejected %(n)d statements.", changed)
            messages.success(request, text % {"n": changed})
            return redirect("dialogue:moderation_queue", slug=conversation.slug)
    status = 400 if request.method == "POST" else 200
    items = moderation_queue(conversation=conversation)
    shown = items[:QUEUE_PAGE]
    return render(
        request,
        "dialogue/moderation_queue.html",
        {
            "conversation": conversation,
            "form": form,
            "items": shown,
            "n_items": len(items),
            "recent": moderation_recent(conversation=conversation),
            "post_moderation": conversation.moderation == Moderation.POST,
            "can_run_meetings": user_can(request.user, Capability.RUN_MEETINGS),
            "selected": {str(pk) for pk in request.POST.getlist("statements")},
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@capability_required(Capability.RUN_MEETINGS)
def conversation_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = polis_import(
                files=data["files"],
                slug=data["slug"],
                topic_sv=data["topic_sv"],
                topic_en=data["topic_en"],
                language=data["language"],
                user=request.user,
            )
        except ImportProblem as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(
                request,
                _(
                    "Imported %(statements)d statements, %(participants)d participants and "
                    "%(votes)d votes into “%(topic)s”."
                )
                % {
                    "statements": result.statements,
                    "participants": result.participants,
                    "votes": result.votes,
                    "topic": result.conversation.topic,
                },
            )
            return redirect("dialogue:conversation_import")
    return render(
        request,
        "dialogue/conversation_import.html",
        {"form": form, "conversations": moderation_overview()},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@capability_required(Capability.RUN_MEETINGS)
def statement_seed(request: HttpRequest, slug: str) -> HttpResponse:
    conversation = get_object_or_404(Conversation, slug=slug)
    form = SeedForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = statements_seed(
                conversation=conversation,
                data=upload.read(),
                file=upload.name or "statements.csv",
                user=request.user,
            )
        except ImportProblem as problem:
            form.add_error("file", str(problem))
        else:
            messages.success(
                request,
                _("Added %(created)d statements; %(skipped)d were already there.")
                % {"created": len(result.created), "skipped": result.skipped},
            )
            return redirect("dialogue:statement_seed", slug=conversation.slug)
    return render(
        request,
        "dialogue/statement_seed.html",
        {"conversation": conversation, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@capability_required(Capability.RUN_MEETINGS)
def conversation_export(request: HttpRequest, slug: str) -> HttpResponse:
    conversation = get_object_or_404(Conversation, slug=slug)
    data = polis_export_zip(conversation=conversation, language=get_language() or "sv")
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{conversation.slug}-export.zip"'
    return response
