"""A facilitator starts a conversation from a big question or a finding.

Seed statements are created in one language, the one the facilitator picks (Swedish by
default): a statement is one claim in one language, and a conversation in a Swedish steel
town is held in Swedish. Each seed statement keeps its link to the knowledge base
(``seed_statement``, ``finding``) and is accepted at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils.text import slugify

from verkstad.accounts.models import User
from verkstad.dialogue.models import Conversation, Statement, StatementStatus
from verkstad.knowledge.models import BigQuestion, Finding, SeedStatement

#: Paths under /dialog/ that are not conversations.
RESERVED_SLUGS = frozenset({"ny", "moderera", "importera", "resultat"})


def _slug_free(topic: str) -> str:
    base = slugify(topic)[:70].strip("-") or "samtal"
    if base in RESERVED_SLUGS:
        base = f"{base}-samtal"
    slug, n = base, 2
    while Conversation.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


@transaction.atomic
def conversation_start(
    *,
    created_by: User | None,
    topic_sv: str,
    topic_en: str,
    description_sv: str = "",
    description_en: str = "",
    language: str = "sv",
    access: str,
    moderation: str,
    participants_may_add: bool = True,
    question: BigQuestion | None = None,
    finding: Finding | None = None,
    seeds: Iterable[SeedStatement] = (),
    extra_statements: Sequence[str] = (),
) -> Conversation:
    conversation = Conversation.objects.create(
        slug=_slug_free(topic_sv),
        topic_sv=topic_sv,
        topic_en=topic_en,
        description_sv=description_sv,
        description_en=description_en,
        question=question,
        access=access,
        moderation=moderation,
        participants_may_add=participants_may_add,
        created_by=created_by,
    )
    findings: dict[int, Finding] = {}
    if finding is not None:
        findings[finding.pk] = finding
    number = 0
    for seed in seeds:
        text = getattr(seed, f"text_{language}") or seed.text_sv
        Statement.objects.create(
            conversation=conversation,
            number=number,
            text=text,
            language=language,
            status=StatementStatus.ACCEPTED,
            is_seed=True,
            seed_statement=seed,
            finding=seed.finding,
        )
        if seed.finding is not None:
            findings[seed.finding.pk] = seed.finding
        number += 1
    for text in extra_statements:
        Statement.objects.create(
            conversation=conversation,
            number=number,
            text=text,
            language=language,
            status=StatementStatus.ACCEPTED,
            is_seed=True,
            finding=finding,
        )
        number += 1
    if findings:
        conversation.findings.set(findings.values())
    return conversation
