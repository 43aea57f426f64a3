"""Seed step: one open conversation per big question, from its seed statements.

The statements are the knowledge base's own (``content/questions``), accepted at once, each
linked to its finding; there are no votes. A question that already has a conversation is left
alone, so a second ``verkstad seed`` changes nothing.
"""

from __future__ import annotations

from verkstad.accounts.models import User
from verkstad.accounts.seed import DEMO_EDITOR_EMAIL
from verkstad.core.seed import SeedContext
from verkstad.dialogue.models import Access, Conversation, Moderation
from verkstad.dialogue.services.conversation_start import conversation_start
from verkstad.knowledge.models import BigQuestion


def seed_conversations(ctx: SeedContext) -> None:
    """Dialogues on the big questions."""
    editor = User.objects.filter(email=DEMO_EDITOR_EMAIL).first()
    started = existing = 0
    for question in BigQuestion.objects.order_by("number").prefetch_related("seed_statements"):
        seeds = list(question.seed_statements.select_related("finding").order_by("position"))
        if not seeds:
            continue
        if Conversation.objects.filter(question=question).exists():
            existing += 1
            continue
        started += 1
        if ctx.dry_run:
            continue
        conversation_start(
            created_by=editor,
            topic_sv=question.title_sv,
            topic_en=question.title_en,
            description_sv=question.description_sv,
            description_en=question.description_en,
            language="sv",
            access=Access.ANYONE,
            moderation=Moderation.PRE,
            question=question,
            seeds=seeds,
        )
    verb = "Would start" if ctx.dry_run else "Started"
    ctx.write(f"{verb} {started} conversation(s) on the big questions; {existing} already there.")
