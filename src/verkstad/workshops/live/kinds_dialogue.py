"""The statement round: phones vote on a dialogue conversation's statements.

Each vote goes through the dialogue app's own ``participation.cast_vote``, so it counts in the
conversation and its opinion map (recomputed by the dialogue app's debounced task, which
``cast_vote`` asks for). A phone votes as one dialogue
:class:`~verkstad.dialogue.models.Participant` per conversation, made on its first vote with a key
derived from the phone's (as the dialogue app derives a conversation key from its cookie) and
linked through ``LiveParticipant.dialogue_participants``. A declared actor type passes over only
when the person consented to it on joining; the consent time goes with it.

Leaving a session (deleting the live participant) deletes its dialogue participants and their
votes too (:func:`forget_dialogue_participants`). When a whole session or meeting is deleted the
link is cut and the votes stay in the conversation, anonymous.

The room's results count only the votes of the session's phones; the conversation's own report
shows everyone's.
"""

from __future__ import annotations

import random
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.signals import pre_delete
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from verkstad.dialogue.models import (
    Access,
    Conversation,
    CurrentVote,
    Participant,
    Statement,
    StatementStatus,
    VoteValue,
)
from verkstad.dialogue.services.participation import (
    VoteRefused,
    cast_vote,
    conversation_key,
    participant_create,
    participation_forget,
    voting_state,
)
from verkstad.workshops.live.kinds import KINDS, Kind, Results, Row, phone_slot
from verkstad.workshops.live.models import Activity, ActivityKind, LiveParticipant

#: Stored as the dialogue participant's ``consent_version`` when the role came from a live
#: session's join form ("count my role … together with at least four others").
LIVE_CONSENT_VERSION = "live-session"

#: The phone's buttons: form value, stored vote, label.
VOTES: tuple[tuple[str, int, Any], ...] = (
    ("agree", VoteValue.AGREE, gettext_lazy("Agree")),
    ("disagree", VoteValue.DISAGREE, gettext_lazy("Disagree")),
    ("pass", VoteValue.PASS, gettext_lazy("Pass / unsure")),
)
_VOTE_OF = {name: value for name, value, _label in VOTES}
_LABEL_OF = {value: label for _name, value, label in VOTES}


def open_conversations() -> QuerySet[Conversation]:
    """Conversations a statement round can use: open, with at least one accepted statement,
    and not limited to signed-in people (phones in a live session have no account)."""
    return (
        Conversation.objects.filter(is_open=True)
        .exclude(access=Access.SIGNED_IN)
        .annotate(
            accepted=Count("statements", filter=Q(statements__status=StatementStatus.ACCEPTED))
        )
        .filter(accepted__gt=0)
        .order_by("-created_at")
    )


def dialogue_participant_find(
    participant: LiveParticipant | None, conversation: Conversation
) -> Participant | None:
    if participant is None:
        return None
    # Remembered on the instance: one request asks when voting and again for the next page.
    found = _remembered(participant).get(conversation.pk)
    if found is None:
        found = participant.dialogue_participants.filter(conversation=conversation).first()
        if found is not None:
            _remembered(participant)[conversation.pk] = found
    return found


def _remembered(participant: LiveParticipant) -> dict[int, Participant]:
    found = participant.__dict__.get("_dialogue_participants")
    if found is None:
        found = participant.__dict__["_dialogue_participants"] = {}
    return found


def dialogue_participant_for(
    participant: LiveParticipant, conversation: Conversation
) -> Participant:
    """The phone's dialogue participant in ``conversation``, made (and linked) when missing.

    Safe when the same phone's requests race: the derived key is unique per conversation, so
    :func:`participant_create` returns the row the other request made.
    """
    found = dialogue_participant_find(participant, conversation)
    if found is not None:
        return found
    with transaction.atomic():
        dialogue = participant_create(
            conversation=conversation,
            anonymous_key=conversation_key(participant.key, conversation),
        )
        if participant.actor_type and participant.consent_at and not dialogue.declared_at:
            Participant.objects.filter(pk=dialogue.pk).update(
                actor_type=participant.actor_type,
                declared_at=participant.consent_at,
                consent_version=LIVE_CONSENT_VERSION,
            )
        participant.dialogue_participants.add(dialogue)
    _remembered(participant)[conversation.pk] = dialogue
    return dialogue


def room_votes(activity: Activity) -> QuerySet[CurrentVote]:
    """The current votes of this session's phones in the round's conversation."""
    return CurrentVote.objects.filter(
        conversation_id=activity.conversation_id,
        participant__live_participants__session_id=activity.session_id,
    )


def _share(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


class Statements(Kind):
    key = ActivityKind.STATEMENTS
    stores = "dialogue"

    def saved_message(self, activity: Activity) -> str:
        return _("Your vote is saved. You can change it while the round is open.")

    def setup_errors(self, activity: Activity) -> list[str]:
        # A round is set up on its own page (the generic activity form does not offer it),
        # which always sets a conversation; opening one without is refused.
        conversation = activity.conversation
        if conversation is None:
            return [_("Choose the conversation whose statements the room votes on first.")]
        if not conversation.is_open:
            return [
                _("The conversation “%(topic)s” is closed and takes no votes. Choose an open one.")
                % {"topic": conversation.topic}
            ]
        if not conversation.statements.filter(status=StatementStatus.ACCEPTED).exists():
            return [_("The conversation has no accepted statements to vote on yet.")]
        return []

    def phone_context(self, activity: Activity, participant: Any) -> dict[str, Any]:
        conversation = activity.conversation
        if conversation is None:
            return {"statements_missing": True}
        mine = dialogue_participant_find(participant, conversation)
        if mine is None:
            return self._first_context(activity, conversation, phone_slot(participant))
        state = voting_state(conversation=conversation, participant=mine)
        my_votes = [
            {
                "statement": vote.statement,
                "label": _LABEL_OF.get(vote.value, ""),
                "others": [(n, lbl) for n, v, lbl in VOTES if v != vote.value],
            }
            for vote in CurrentVote.objects.filter(
                participant=mine, statement__status=StatementStatus.ACCEPTED
            )
            .select_related("statement")
            .order_by("statement__number")
        ]
        return {
            "statement": state.statement,
            "progress": state.progress,
            "vote_buttons": [(name, label) for name, _value, label in VOTES],
            "my_votes": my_votes,
        }

    def shared_phone_context(self, activity: Activity, slot: int) -> dict[str, Any] | None:
        conversation = activity.conversation
        if conversation is None:
            return {"statements_missing": True}
        return self._first_context(activity, conversation, slot)

    def _first_context(
        self, activity: Activity, conversation: Conversation, slot: int
    ) -> dict[str, Any]:
        """What a phone that has not voted in the round sees: its group's first statement,
        drawn by priority with a seed of the round and the group, so a reload, the stream
        and a fetch all show the same one, and the groups start on different statements."""
        state = voting_state(
            conversation=conversation,
            participant=None,
            rng=random.Random(f"live:{activity.pk}:{slot}"),
        )
        return {
            "statement": state.statement,
            "progress": state.progress,
            "vote_buttons": [(name, label) for name, _value, label in VOTES],
            "my_votes": [],
        }

    def clean(self, activity: Activity, data: QueryDict) -> Any:
        value = _VOTE_OF.get(data.get("vote", ""))
        if value is None:
            raise ValidationError(_("Choose agree, disagree or pass."))
        try:
            statement_id = int(data.get("statement", ""))
        except ValueError:
            statement_id = 0
        statement = (
            Statement.objects.select_related("conversation")
            .filter(pk=statement_id, conversation_id=activity.conversation_id)
            .first()
        )
        if statement is None or activity.conversation_id is None:
            raise ValidationError(_("That statement is not part of this round."))
        return statement, int(value)

    def submit(self, activity: Activity, participant: Any, data: QueryDict) -> Any:
        """Cast the vote in the conversation; the same vote again is not counted twice."""
        if activity.conversation is None:
            raise ValidationError(_("This round has no statements yet."))
        statement, value = self.clean(activity, data)
        dialogue = dialogue_participant_for(participant, activity.conversation)
        try:
            cast_vote(participant=dialogue, statement=statement, value=value)
        except VoteRefused as refused:
            raise ValidationError(str(refused.message)) from None
        return value

    def reset(self, activity: Activity) -> None:
        """Take the room's votes out of the conversation: its phones start the round afresh."""
        super().reset(activity)
        if activity.conversation_id is None:
            return
        dialogues = Participant.objects.filter(
            conversation_id=activity.conversation_id,
            live_participants__session_id=activity.session_id,
        ).distinct()
        for dialogue in list(dialogues):
            participation_forget(participant=dialogue)

    def results(self, activity: Activity) -> Results:
        conversation = activity.conversation
        if conversation is None:
            return Results(
                0, [], summary=_("No conversation is chosen for this round yet."),
                extra={"missing": True},
            )  # fmt: skip
        statements = list(
            conversation.statements.filter(status=StatementStatus.ACCEPTED)
            .order_by("number")
            .only("pk", "number", "text", "language")
        )
        votes = room_votes(activity)
        tallies = {
            row["statement_id"]: row
            for row in votes.values("statement_id").annotate(
                agree=Count("pk", filter=Q(value=VoteValue.AGREE)),
                disagree=Count("pk", filter=Q(value=VoteValue.DISAGREE)),
                passed=Count("pk", filter=Q(value=VoteValue.PASS)),
            )
        }
        answered = votes.values("participant_id").distinct().count()
        rows = []
        for statement in statements:
            tally = tallies.get(statement.pk, {"agree": 0, "disagree": 0, "passed": 0})
            total = tally["agree"] + tally["disagree"] + tally["passed"]
            rows.append(
                Row(
                    str(statement.number),
                    statement.text,
                    total,
                    _share(tally["agree"], total),
                    {
                        "agree": tally["agree"],
                        "disagree": tally["disagree"],
                        "pass": tally["passed"],
                        "agree_share": _share(tally["agree"], total),
                        "disagree_share": _share(tally["disagree"], total),
                        "pass_share": _share(tally["passed"], total),
                        # Where the pass and disagree parts of the stacked bar start (0..100).
                        "pass_x": _share(tally["agree"], total),
                        "disagree_x": _share(tally["agree"] + tally["passed"], total),
                        "language": statement.language,
                    },
                )
            )
        return Results(
            answered,
            rows,
            summary=_summary(answered, rows),
            extra={"conversation": conversation, "statements": len(rows)},
        )


def _summary(answered: int, rows: list[Row]) -> str:
    if not answered:
        return _("No votes yet.")
    head = ngettext(
        "%(n)d person voted on %(m)d statements.",
        "%(n)d people voted on %(m)d statements.",
        answered,
    ) % {"n": answered, "m": len(rows)}
    voted = [r for r in rows if r.count]
    parts = [head]
    if voted:
        top = max(voted, key=lambda r: (r.extra["agree_share"], r.count))
        parts.append(
            _("Most agreement: “%(text)s” (%(agree)d of %(votes)d agree).")
            % {"text": top.label, "agree": top.extra["agree"], "votes": top.count}
        )
        low = max(voted, key=lambda r: (r.extra["disagree_share"], r.count))
        if low.extra["disagree"]:
            parts.append(
                _("Most disagreement: “%(text)s” (%(disagree)d of %(votes)d disagree).")
                % {"text": low.label, "disagree": low.extra["disagree"], "votes": low.count}
            )
    return " ".join(parts)


def forget_dialogue_participants(
    sender: type[LiveParticipant], instance: LiveParticipant, origin: Any = None, **kwargs: Any
) -> None:
    """A phone that leaves takes its statement-round votes with it.

    Only when the live participant itself is deleted (one row or a query of them); when a
    session or meeting is deleted the link goes and the anonymous votes stay in the
    conversation.
    """
    direct = isinstance(origin, LiveParticipant) or (
        isinstance(origin, QuerySet) and origin.model is LiveParticipant
    )
    if not direct:
        return
    for dialogue in list(instance.dialogue_participants.all()):
        participation_forget(participant=dialogue)


pre_delete.connect(
    forget_dialogue_participants,
    sender=LiveParticipant,
    dispatch_uid="workshops.live.forget_dialogue_participants",
)

KINDS[Statements.key] = Statements()

# Loaded at start-up through kinds.py (the workshops app's ready() imports the board): the live
# sessions' engagement and learning sources join the impact record from here.
from verkstad.workshops.live import impact_sources  # noqa: E402, F401
