"""``{% discuss_links finding=finding %}``: the "Discuss" box on finding and question pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Q
from django.urls import reverse

from verkstad.accounts.permissions import Capability, user_can
from verkstad.dialogue.models import Access, Conversation

register = template.Library()


@register.inclusion_tag("dialogue/_discuss_links.html", takes_context=True)
def discuss_links(context: Any, finding: Any = None, question: Any = None) -> dict[str, Any]:
    """Open conversations about a finding or a big question, and for facilitators a link to
    start one. Link-only conversations show only to people who run meetings."""
    request = context.get("request")
    user = getattr(request, "user", None)
    may_run = user is not None and user_can(user, Capability.RUN_MEETINGS)
    if finding is not None:
        about = Q(findings=finding)
        start = {"finding": finding.slug}
    elif question is not None:
        about = Q(question=question)
        start = {"question": question.slug}
    else:
        return {"conversations": [], "start_url": ""}
    conversations = Conversation.objects.filter(about, is_open=True).distinct()
    if not may_run:
        conversations = conversations.exclude(access=Access.LINK)
    start_url = ""
    if may_run:
        key, value = next(iter(start.items()))
        start_url = f"{reverse('dialogue:conversation_create')}?{key}={value}"
    return {"conversations": list(conversations[:10]), "start_url": start_url}
