"""Taking part: the list of conversations, the voting page, statements, join links, roles.

Every form is a plain POST that redirects (POST-redirect-GET) and works without JavaScript.
With htmx, a vote swaps only the statement card (``dialogue/partials/_vote_card.html``) and
announces the result in the page's live region.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from verkstad.accounts.permissions import Capability, capability_required, user_can
from verkstad.dialogue.aggregates import MIN_PEOPLE
from verkstad.dialogue.forms_participate import (
    ConversationStartForm,
    RoleForm,
    StatementForm,
    VoteForm,
)
from verkstad.dialogue.models import Access, Conversation, Participant, Statement, VoteValue
from verkstad.dialogue.services.conversation_start import conversation_start
from verkstad.dialogue.services.participation import (
    AccessDecision,
    VoteRefused,
    cast_vote,
    client_ip,
    conversation_access,
    conversation_join,
    conversation_list_public,
    cookie_remember,
    participant_get,
    participant_get_or_create,
    participation_forget,
    person_ident,
    role_declare,
    role_withdraw,
    submit_statement,
    voting_state,
)
from verkstad.dialogue.services.ratelimit import Action, RateLimited, rate_limit_hit
from verkstad.knowledge.models import BigQuestion, EditorialStatus, Finding, SeedStatement


def _language() -> str:
    return "en" if (get_language() or "sv").startswith("en") else "sv"


def _rate_limit_message(limited: RateLimited) -> str:
    seconds = limited.retry_after
    if limited.action == Action.VOTE:
        return ngettext(
            "You are voting faster than we can take in. Wait %(count)d second and try again; "
            "the votes you have already cast are saved.",
            "You are voting faster than we can take in. Wait %(count)d seconds and try again; "
            "the votes you have already cast are saved.",
            seconds,
        ) % {"count": seconds}
    minutes = max(1, round(seconds / 60))
    return ngettext(
        "You have written many statements in a short time. Wait about %(count)d minute and "
        "send it again – your text is still in the box.",
        "You have written many statements in a short time. Wait about %(count)d minutes and "
        "send it again – your text is still in the box.",
        minutes,
    ) % {"count": minutes}


def _conversation_for(request: HttpRequest, slug: str) -> tuple[Conversation, HttpResponse | None]:
    """The conversation, and the response to send instead when this person may not see it."""
    conversation = get_object_or_404(Conversation, slug=slug)
    decision = conversation_access(request=request, conversation=conversation)
    if decision == AccessDecision.SIGN_IN:
        return conversation, redirect_to_login(conversation.get_absolute_url())
    if decision == AccessDecision.NEED_LINK:
        response = render(
            request, "dialogue/need_link.html", {"conversation": conversation}, status=403
        )
        return conversation, response
    return conversation, None


VOTE_CHOICES = [
    (VoteValue.AGREE, gettext_lazy("Agree"), "agree"),
    (VoteValue.DISAGREE, gettext_lazy("Disagree"), "disagree"),
    (VoteValue.PASS, gettext_lazy("Pass / unsure"), "pass"),
]


def _card_context(
    conversation: Conversation,
    *,
    participant: Participant | None,
    vote_error: str = "",
    announcement: str = "",
) -> dict[str, Any]:
    """What the statement card (``dialogue/partials/_vote_card.html``) needs, and no more: an
    htmx vote answers with the card alone."""
    state = voting_state(conversation=conversation, participant=participant)
    return {
        "conversation": conversation,
        "participant": participant,
        "statement": state.statement,
        "progress": state.progress,
        "vote_choices": VOTE_CHOICES,
        "vote_error": vote_error,
        "announcement": announcement,
    }


def _voting_context(
    request: HttpRequest,
    conversation: Conversation,
    *,
    participant: Participant | None,
    statement_form: StatementForm | None = None,
    vote_error: str = "",
    announcement: str = "",
) -> dict[str, Any]:
    """The whole conversation page: the card, the research behind it, the statement form."""
    return {
        **_card_context(
            conversation,
            participant=participant,
            vote_error=vote_error,
            announcement=announcement,
        ),
        "statement_form": statement_form or StatementForm(),
        "findings": conversation.findings.filter(status=EditorialStatus.PUBLISHED),
        "may_run": user_can(request.user, Capability.RUN_MEETINGS),
        "join_url": request.build_absolute_uri(
            reverse("dialogue:join", args=[conversation.slug, conversation.join_token])
        ),
        "is_link_only": conversation.access == Access.LINK,
    }


def conversation_list(request: HttpRequest) -> HttpResponse:
    conversations = conversation_list_public().select_related("question")
    return render(
        request,
        "dialogue/conversation_list.html",
        {
            "conversations": conversations,
            "may_run": user_can(request.user, Capability.RUN_MEETINGS),
        },
    )


def conversation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    conversation, denied = _conversation_for(request, slug)
    if denied:
        return denied
    participant = participant_get(request=request, conversation=conversation)
    context = _voting_context(request, conversation, participant=participant)
    return render(request, "dialogue/conversation_detail.html", context)


def _vote_response(
    request: HttpRequest,
    conversation: Conversation,
    participant: Participant | None,
    *,
    status: int = 200,
    vote_error: str = "",
    announcement: str = "",
) -> HttpResponse:
    """The card alone for htmx (with the announcement for the live region), else the page.

    The card needs nothing from the context processors (the language switch, the user, the
    messages), which would cost it half its rendering time; it gets its CSRF token directly.
    """
    if request.htmx:
        context = _card_context(
            conversation, participant=participant, vote_error=vote_error, announcement=announcement
        )
        context["csrf_token"] = get_token(request)
        html = render_to_string("dialogue/partials/_vote_response.html", context)
        response = HttpResponse(html, status=status)
    else:
        context = _voting_context(
            request,
            conversation,
            participant=participant,
            vote_error=vote_error,
            announcement=announcement,
        )
        response = render(request, "dialogue/conversation_detail.html", context, status=status)
    return cookie_remember(request, response)


@require_POST
def vote(request: HttpRequest, slug: str) -> HttpResponse:
    conversation, denied = _conversation_for(request, slug)
    if denied:
        return denied
    form = VoteForm(request.POST)
    if not form.is_valid():
        participant = participant_get(request=request, conversation=conversation)
        return _vote_response(
            request,
            conversation,
            participant,
            status=400,
            vote_error=_("Choose agree, disagree or pass."),
        )
    try:
        statement = Statement.objects.get(
            conversation=conversation, number=form.cleaned_data["statement"]
        )
    except Statement.DoesNotExist:
        statement = None
    else:
        statement.conversation = conversation  # spares cast_vote a query
    try:
        rate_limit_hit(action=Action.VOTE, person=person_ident(request), ip=client_ip(request))
    except RateLimited as limited:
        participant = participant_get(request=request, conversation=conversation)
        response = _vote_response(
            request,
            conversation,
            participant,
            status=429,
            vote_error=_rate_limit_message(limited),
        )
        response["Retry-After"] = str(limited.retry_after)
        return response
    if statement is None:
        participant = participant_get(request=request, conversation=conversation)
        return _vote_response(
            request,
            conversation,
            participant,
            status=400,
            vote_error=_("That statement is not in this conversation."),
        )
    participant = participant_get_or_create(request=request, conversation=conversation)
    try:
        cast_vote(participant=participant, statement=statement, value=form.cleaned_data["vote"])
    except VoteRefused as refused:
        return _vote_response(
            request, conversation, participant, status=400, vote_error=str(refused.message)
        )
    label = VoteValue(form.cleaned_data["vote"]).label
    announcement = _("Your vote is saved: %(vote)s.") % {"vote": label}
    if request.htmx:
        return _vote_response(request, conversation, participant, announcement=announcement)
    messages.success(request, announcement)
    response = redirect(conversation.get_absolute_url() + "#vote-card")
    return cookie_remember(request, response)


@require_POST
def statement_create(request: HttpRequest, slug: str) -> HttpResponse:
    conversation, denied = _conversation_for(request, slug)
    if denied:
        return denied
    form = StatementForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            rate_limit_hit(
                action=Action.STATEMENT, person=person_ident(request), ip=client_ip(request)
            )
        except RateLimited as limited:
            form.add_error(None, _rate_limit_message(limited))
            status = 429
        else:
            participant = participant_get_or_create(request=request, conversation=conversation)
            try:
                statement = submit_statement(
                    participant=participant,
                    text=form.cleaned_data["text"],
                    language=_language(),
                )
            except ValidationError as error:
                form.add_error("text", error)
            else:
                if statement.status == "accepted":
                    messages.success(
                        request, _("Thank you! Your statement is now in the conversation.")
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "Thank you! A moderator will read your statement before others "
                            "can vote on it."
                        ),
                    )
                response = redirect(conversation.get_absolute_url())
                return cookie_remember(request, response)
    participant = participant_get(request=request, conversation=conversation)
    context = _voting_context(request, conversation, participant=participant, statement_form=form)
    response = render(request, "dialogue/conversation_detail.html", context, status=status)
    if status == 429:
        response["Retry-After"] = "60"
    return cookie_remember(request, response)


def join(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    conversation = get_object_or_404(Conversation, slug=slug)
    if not conversation_join(request=request, conversation=conversation, token=token):
        raise Http404
    if conversation.access == Access.SIGNED_IN and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(request, "dialogue/join.html", {"conversation": conversation})


@require_http_methods(["GET", "POST"])
def role(request: HttpRequest, slug: str) -> HttpResponse:
    conversation, denied = _conversation_for(request, slug)
    if denied:
        return denied
    participant = participant_get(request=request, conversation=conversation)
    form = RoleForm(
        initial={
            "actor_type": participant.actor_type if participant else "",
            "municipality_code": participant.municipality_code if participant else "",
        }
    )
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "withdraw":
            if participant is not None and participant.declared_at is not None:
                role_withdraw(participant=participant)
                messages.success(request, _("Your answer is deleted."))
            return redirect(conversation.get_absolute_url())
        form = RoleForm(request.POST)
        if form.is_valid():
            participant = participant_get_or_create(request=request, conversation=conversation)
            role_declare(
                participant=participant,
                actor_type=form.cleaned_data["actor_type"],
                municipality_code=form.cleaned_data["municipality_code"],
            )
            messages.success(request, _("Thank you! Your answer is saved."))
            return cookie_remember(request, redirect(conversation.get_absolute_url()))
        status = 400
    return render(
        request,
        "dialogue/role.html",
        {
            "conversation": conversation,
            "participant": participant,
            "form": form,
            "min_group": MIN_PEOPLE,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def participation(request: HttpRequest, slug: str) -> HttpResponse:
    """What this person has given the conversation, and a button to take it all back."""
    conversation, denied = _conversation_for(request, slug)
    if denied:
        return denied
    participant = participant_get(request=request, conversation=conversation)
    if request.method == "POST":
        if participant is not None:
            participation_forget(participant=participant)
            messages.success(
                request, _("Your votes and your answers in this conversation are deleted.")
            )
        return redirect(conversation.get_absolute_url())
    votes = []
    statements = []
    if participant is not None:
        votes = list(
            participant.current_votes.select_related("statement").order_by("statement__number")
        )
        statements = list(participant.statements.order_by("number"))
    return render(
        request,
        "dialogue/participation.html",
        {
            "conversation": conversation,
            "participant": participant,
            "votes": votes,
            "statements": statements,
        },
    )


@capability_required(Capability.RUN_MEETINGS)
@require_http_methods(["GET", "POST"])
def conversation_create(request: HttpRequest) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    question = finding = None
    seeds = SeedStatement.objects.none()
    if source.get("question"):
        question = get_object_or_404(BigQuestion, slug=source["question"])
        seeds = question.seed_statements.select_related("finding")
    elif source.get("finding"):
        finding = get_object_or_404(Finding, slug=source["finding"])
        seeds = SeedStatement.objects.filter(finding=finding).select_related("finding")
    initial: dict[str, Any] = {
        "language": _language(),
        "access": Access.ANYONE,
        "moderation": "pre",
        "participants_may_add": True,
    }
    origin = question or finding
    if origin is not None:
        initial["topic_sv"] = origin.title_sv
        initial["topic_en"] = origin.title_en
        if question is not None:
            initial["description_sv"] = question.description_sv
            initial["description_en"] = question.description_en
        else:
            initial["description_sv"] = finding.claim_sv
            initial["description_en"] = finding.claim_en
    if request.method == "POST":
        form = ConversationStartForm(request.POST, seeds=seeds)
        if form.is_valid():
            data = form.cleaned_data
            conversation = conversation_start(
                created_by=request.user,
                topic_sv=data["topic_sv"],
                topic_en=data["topic_en"],
                description_sv=data["description_sv"],
                description_en=data["description_en"],
                language=data["language"],
                access=data["access"],
                moderation=data["moderation"],
                participants_may_add=data["participants_may_add"],
                question=question,
                finding=finding,
                seeds=list(data["seeds"]),
                extra_statements=data["extra_statements"],
            )
            messages.success(request, _("The conversation is open."))
            return redirect(conversation.get_absolute_url())
        status = 400
    else:
        form = ConversationStartForm(initial=initial, seeds=seeds)
        status = 200
    return render(
        request,
        "dialogue/conversation_create.html",
        {
            "form": form,
            "question": question,
            "finding": finding,
            "languages": settings.LANGUAGES,
        },
        status=status,
    )
