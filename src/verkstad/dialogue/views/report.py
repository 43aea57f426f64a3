"""The report of a conversation: the opinion map, groups, consensus, bars and the lens.

Reads the latest stored snapshot only (``dialogue.snapshots``); nothing is computed in the
request. Who may see it follows the conversation's access rule, as the voting page does.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from verkstad.dialogue.models import Conversation, Statement, StatementStatus
from verkstad.dialogue.report import Report, StatementRef, report_build, report_json
from verkstad.dialogue.services.participation import AccessDecision, conversation_access
from verkstad.dialogue.snapshots import latest_snapshot
from verkstad.dialogue.svg import map_svg, pattern_defs


def _conversation_for(request: HttpRequest, slug: str) -> tuple[Conversation, HttpResponse | None]:
    conversation = get_object_or_404(Conversation, slug=slug)
    decision = conversation_access(request=request, conversation=conversation)
    if decision == AccessDecision.SIGN_IN:
        return conversation, redirect_to_login(request.get_full_path())
    if decision == AccessDecision.NEED_LINK:
        try:
            get_template("dialogue/need_link.html")
        except TemplateDoesNotExist as exc:
            raise Http404 from exc
        context = {"conversation": conversation}
        return conversation, render(request, "dialogue/need_link.html", context, status=403)
    return conversation, None


def _report(conversation: Conversation) -> Report:
    rows = Statement.objects.filter(
        conversation=conversation, status=StatementStatus.ACCEPTED
    ).values_list("number", "text", "language", "is_meta")
    statements = {}
    meta = set()
    for number, text, language, is_meta in rows.order_by("number"):
        statements[number] = StatementRef(number, text, language)
        if is_meta:
            meta.add(number)
    updating = bool(conversation.map_stale_since or conversation.map_running_since)
    return report_build(
        snapshot=latest_snapshot(conversation),
        statements=statements,
        meta=frozenset(meta),
        updating=updating,
    )


@require_GET
def report(request: HttpRequest, slug: str) -> HttpResponse:
    conversation, denied = _conversation_for(request, slug)
    if denied:
        return denied
    view = _report(conversation)
    if view.has_map:
        view.map_svg = map_svg(
            title=_("Opinion map: %(topic)s") % {"topic": conversation.topic},
            desc=" ".join(
                [
                    _(
                        "Each dot stands for people who voted alike; the closer two dots, the "
                        "more alike their votes. Outlined areas with a letter are the opinion "
                        "groups. The table of groups below gives the same information as text."
                    ),
                    *view.summary[1:],
                ]
            ),
            cells=view.map_cells,
            hulls=view.map_hulls,
            groups=view.groups,
        )
    share_url = request.build_absolute_uri(reverse("dialogue:report", args=[conversation.slug]))
    context = {
        "conversation": conversation,
        "report": view,
        "pattern_defs": pattern_defs(),
        "share_url": share_url,
        "json_url": reverse("dialogue:report_json", args=[conversation.slug]),
    }
    return render(request, "dialogue/report.html", context)


@require_GET
def report_data(request: HttpRequest, slug: str) -> HttpResponse:
    conversation, denied = _conversation_for(request, slug)
    if denied:
        return denied
    payload = report_json(_report(conversation), conversation_slug=conversation.slug)
    payload["topic"] = conversation.topic
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, max-age=30"
    return response
