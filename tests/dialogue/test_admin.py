"""The dialogue admin: roles open it, bulk moderation actions, read-only participants."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import ConversationFactory, DialogueParticipantFactory, StatementFactory
from verkstad.dialogue.models import Statement

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:dialogue_statement_changelist"


def test_a_moderator_accepts_in_bulk(client_for, moderator_maja):
    a, b = StatementFactory.create_batch(2, status="pending")
    client = client_for(moderator_maja)
    assert client.get(reverse(CHANGELIST), {"status__exact": "pending"}).status_code == 200
    response = client.post(
        reverse(CHANGELIST), {"action": "accept", "_selected_action": [a.pk, b.pk]}
    )
    assert response.status_code == 302
    assert set(Statement.objects.values_list("status", flat=True)) == {"accepted"}
    assert Statement.objects.get(pk=a.pk).moderated_by == moderator_maja


def test_a_moderator_rejects_with_a_preset_reason(client_for, moderator_maja):
    a = StatementFactory(status="pending")
    response = client_for(moderator_maja).post(
        reverse(CHANGELIST), {"action": "reject_off_topic", "_selected_action": [a.pk]}
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.status == "rejected" and a.reason


def test_changing_the_status_in_the_form_records_the_moderator(client_for, moderator_maja):
    statement = StatementFactory(status="pending")
    url = reverse("admin:dialogue_statement_change", args=[statement.pk])
    client = client_for(moderator_maja)
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"text": statement.text, "language": "sv", "status": "rejected", "reason": ""}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    statement.refresh_from_db()
    assert statement.status == "rejected"
    assert statement.moderated_by == moderator_maja
    assert statement.reason


def test_participants_are_read_only_and_accounts_are_for_staff(
    client_for, moderator_maja, staff_sam, participant_per
):
    participant = DialogueParticipantFactory(user=participant_per, number=4)
    url = reverse("admin:dialogue_participant_change", args=[participant.pk])
    html = client_for(moderator_maja).get(url).content.decode()
    assert participant_per.email not in html
    assert moderator_maja.has_perm("dialogue.view_participant")
    assert not moderator_maja.has_perm("dialogue.change_participant")
    html = client_for(staff_sam).get(url).content.decode()
    assert 'name="number"' not in html  # read-only for staff too


def test_a_facilitator_sets_up_a_conversation(client_for, facilitator_fia):
    client = client_for(facilitator_fia)
    assert client.get(reverse("admin:dialogue_conversation_add")).status_code == 200
    assert not facilitator_fia.has_perm("dialogue.change_statement")
    conversation = ConversationFactory()
    html = client.get(
        reverse("admin:dialogue_conversation_change", args=[conversation.pk])
    ).content.decode()
    assert reverse("dialogue:moderation_queue", args=[conversation.slug]) in html


def test_a_participant_gets_no_admin(client_for, participant_per):
    response = client_for(participant_per).get(reverse(CHANGELIST))
    assert response.status_code == 302


def test_near_duplicates_can_be_listed(client_for, moderator_maja):
    earlier = StatementFactory(text="Jobben försvinner")
    flagged = StatementFactory(
        conversation=earlier.conversation,
        text="Jobben försvinner nog",
        duplicate_of=earlier,
        duplicate_score=0.9,
    )
    response = client_for(moderator_maja).get(reverse(CHANGELIST), {"duplicate": "yes"})
    assert list(response.context["cl"].queryset) == [flagged]
