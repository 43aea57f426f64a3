"""Building conversations with votes for the snapshot and report tests."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tests.factories import ConversationFactory, DialogueParticipantFactory, StatementFactory
from verkstad.dialogue.models import Conversation, CurrentVote, Participant, Statement, Vote


def cast(
    conversation: Conversation,
    votes: Iterable[tuple[Participant, Statement, int]],
) -> None:
    """Store each vote as history and as the current vote (no map request)."""
    for participant, statement, value in votes:
        Vote.objects.create(participant=participant, statement=statement, value=value)
        CurrentVote.objects.update_or_create(
            participant=participant,
            statement=statement,
            defaults={"conversation": conversation, "value": value},
        )


def conversation_with_votes(
    matrix: Sequence[Sequence[int | None]],
    *,
    actor_types: Sequence[str] = (),
    **conversation_fields,
) -> tuple[Conversation, list[Participant], list[Statement]]:
    """Rows are participants, columns statements; ``None`` is no vote."""
    conversation = ConversationFactory(**conversation_fields)
    n_statements = len(matrix[0]) if matrix else 0
    statements = [
        StatementFactory(conversation=conversation, number=j, text=f"Påstående {j}")
        for j in range(n_statements)
    ]
    participants = [
        DialogueParticipantFactory(
            conversation=conversation,
            number=i,
            actor_type=actor_types[i] if i < len(actor_types) else "",
        )
        for i in range(len(matrix))
    ]
    cast(
        conversation,
        (
            (participants[i], statements[j], value)
            for i, row in enumerate(matrix)
            for j, value in enumerate(row)
            if value is not None
        ),
    )
    return conversation, participants, statements


def two_camps(n_per_camp: int = 8, n_statements: int = 6) -> list[list[int]]:
    """Camp one agrees with the even statements and disagrees with the odd; camp two the
    opposite; everyone agrees with the last statement."""
    rows = []
    for camp in (0, 1):
        for _ in range(n_per_camp):
            row = [(1 if (j % 2 == camp) else -1) for j in range(n_statements - 1)]
            rows.append([*row, 1])
    return rows
