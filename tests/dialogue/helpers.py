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


def conversation_from_polis(
    directory,
    *,
    actor_type_of=None,
    **conversation_fields,
) -> Conversation:
    """A conversation holding a bundled Pol.is export's statements and latest votes.

    ``actor_type_of(number)`` gives a participant's declared actor type ("" for none).
    """
    from verkstad.dialogue.math import vote_matrix
    from verkstad.dialogue.math.polis_export import read_polis_export

    export = read_polis_export(directory)
    matrix = vote_matrix(export.participants, export.statements, export.votes, times=export.times)
    conversation = ConversationFactory(**conversation_fields)
    statements = Statement.objects.bulk_create(
        Statement(
            conversation=conversation,
            number=comment.id,
            text=comment.text,
            language="en",
            status="rejected" if comment.moderated == -1 else "accepted",
        )
        for comment in sorted(export.comments.values(), key=lambda c: c.id)
    )
    participants = Participant.objects.bulk_create(
        Participant(
            conversation=conversation,
            number=int(number),
            imported=True,
            actor_type=actor_type_of(int(number)) if actor_type_of else "",
        )
        for number in matrix.participant_ids
    )
    statement_of = {s.number: s for s in statements}
    participant_of = {p.number: p for p in participants}
    rows = matrix.row_of_entry()
    triples = [
        (
            participant_of[int(matrix.participant_ids[r])],
            statement_of[int(matrix.statement_ids[c])],
            int(v),
        )
        for r, c, v in zip(rows, matrix.indices, matrix.values, strict=True)
    ]
    Vote.objects.bulk_create(Vote(participant=p, statement=s, value=v) for p, s, v in triples)
    CurrentVote.objects.bulk_create(
        CurrentVote(participant=p, statement=s, conversation=conversation, value=v)
        for p, s, v in triples
    )
    return conversation
