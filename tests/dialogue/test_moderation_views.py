"""The moderation queue and overview, and the import, export and seeding pages."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import ConversationFactory, StatementFactory
from verkstad.dialogue.models import Conversation, Moderation, Statement, StatementStatus
from verkstad.knowledge.codes import shared_data_dir

DATA = shared_data_dir() / "polis"
LONDON = DATA / "london.youth.policing"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """English addresses and messages, so the assertions hold whatever the Swedish says."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def conversation():
    return ConversationFactory(slug="jobben", moderation=Moderation.PRE)


def _queue(conversation) -> str:
    return reverse("dialogue:moderation_queue", args=[conversation.slug])


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        (None, 302),
        ("participant_per", 403),
        ("facilitator_fia", 403),
        ("moderator_maja", 200),
        ("editor_eva", 200),
        ("staff_sam", 200),
    ],
)
def test_only_moderators_see_the_queue(request, client_for, conversation, persona, expected):
    user = request.getfixturevalue(persona) if persona else None
    client = client_for(user)
    assert client.get(_queue(conversation)).status_code == expected
    assert client.get(reverse("dialogue:moderation_overview")).status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        (None, 302),
        ("participant_per", 403),
        ("moderator_maja", 403),
        ("facilitator_fia", 200),
        ("editor_eva", 200),
    ],
)
def test_only_facilitators_import_export_and_seed(
    request, client_for, conversation, persona, expected
):
    user = request.getfixturevalue(persona) if persona else None
    client = client_for(user)
    assert client.get(reverse("dialogue:conversation_import")).status_code == expected
    assert client.get(reverse("dialogue:statement_seed", args=["jobben"])).status_code == expected
    assert (
        client.get(reverse("dialogue:conversation_export", args=["jobben"])).status_code == expected
    )


def test_the_queue_shows_pending_and_duplicates(client_for, moderator_maja, conversation):
    earlier = StatementFactory(conversation=conversation, text="Jobben försvinner")
    StatementFactory(
        conversation=conversation,
        status="pending",
        text="Jobben försvinner nog",
        duplicate_of=earlier,
        duplicate_score=0.91,
    )
    html = client_for(moderator_maja).get(_queue(conversation)).content.decode()
    assert "Jobben försvinner nog" in html
    assert "0,91" in html or "0.91" in html
    assert reverse("admin:dialogue_statement_change", args=[earlier.pk]) in html
    assert "<kbd>j</kbd>" in html
    assert "verkstad/js/moderation.js" in html
    assert 'style="' not in html


def test_bulk_accept(client_for, moderator_maja, conversation):
    a, b, c = StatementFactory.create_batch(3, conversation=conversation, status="pending")
    response = client_for(moderator_maja).post(
        _queue(conversation), {"statements": [a.pk, b.pk], "action": "accept"}
    )
    assert response.status_code == 302
    statuses = dict(Statement.objects.values_list("pk", "status"))
    assert statuses == {a.pk: "accepted", b.pk: "accepted", c.pk: "pending"}
    assert Statement.objects.get(pk=a.pk).moderated_by == moderator_maja


def test_reject_one_with_a_preset_and_text(client_for, moderator_maja, conversation):
    a, b = StatementFactory.create_batch(2, conversation=conversation, status="pending")
    response = client_for(moderator_maja).post(
        _queue(conversation),
        {"action": f"reject:{a.pk}", "preset": "off_topic", "reason": "om fotboll"},
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.status == StatementStatus.REJECTED
    assert a.reason.endswith("om fotboll")
    assert Statement.objects.get(pk=b.pk).status == "pending"


def test_rejecting_without_a_reason_explains(client_for, moderator_maja, conversation):
    a = StatementFactory(conversation=conversation, status="pending")
    response = client_for(moderator_maja).post(
        _queue(conversation), {"statements": [a.pk], "action": "reject"}
    )
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert Statement.objects.get(pk=a.pk).status == "pending"


def test_bulk_with_nothing_selected_explains(client_for, moderator_maja, conversation):
    StatementFactory(conversation=conversation, status="pending")
    response = client_for(moderator_maja).post(_queue(conversation), {"action": "accept"})
    assert response.status_code == 400
    assert 'href="#id_statements"' in response.content.decode()


def test_another_conversations_statement_is_refused(client_for, moderator_maja, conversation):
    other = StatementFactory(status="pending")
    response = client_for(moderator_maja).post(
        _queue(conversation), {"action": f"accept:{other.pk}"}
    )
    assert response.status_code == 400
    assert Statement.objects.get(pk=other.pk).status == "pending"


def test_a_bad_action_is_a_400_not_a_500(client_for, moderator_maja, conversation):
    response = client_for(moderator_maja).post(_queue(conversation), {"action": "accept:abc"})
    assert response.status_code == 400


def test_export_download(client_for, facilitator_fia, conversation):
    StatementFactory(conversation=conversation)
    response = client_for(facilitator_fia).get(
        reverse("dialogue:conversation_export", args=["jobben"])
    )
    assert response["Content-Type"] == "application/zip"
    assert "jobben-export.zip" in response["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "jobben/comments.csv" in names and "jobben/codebook.csv" in names


def _upload(name: str, data: bytes, content_type: str = "text/csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_import_the_csv_files(client_for, facilitator_fia):
    files = [_upload(n, (LONDON / n).read_bytes()) for n in ("comments.csv", "votes.csv")]
    response = client_for(facilitator_fia).post(
        reverse("dialogue:conversation_import"),
        {"files": files, "slug": "london", "language": "en"},
    )
    assert response.status_code == 302
    assert Conversation.objects.get(slug="london").statements.count() == 39


def test_import_a_zip_from_the_export(client_for, facilitator_fia, conversation):
    StatementFactory(conversation=conversation, text="Ett påstående")
    client = client_for(facilitator_fia)
    data = client.get(reverse("dialogue:conversation_export", args=["jobben"])).content
    response = client.post(
        reverse("dialogue:conversation_import"),
        {"files": [_upload("x.zip", data, "application/zip")], "slug": "kopia", "language": "sv"},
    )
    assert response.status_code == 302
    assert Conversation.objects.get(slug="kopia").statements.get().text == "Ett påstående"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([("comments.csv", b"comment-id,moderated,comment-body\n0,5,A\n")], "line 2"),
        ([("notes.txt", b"hello")], "notes.txt"),
        ([("x.zip", b"not a zip")], "x.zip"),
        ([("comments.csv", b"\xff\xfe")], "UTF-8"),
    ],
)
def test_a_bad_upload_gets_a_message_not_a_500(client_for, facilitator_fia, files, message):
    response = client_for(facilitator_fia).post(
        reverse("dialogue:conversation_import"),
        {"files": [_upload(n, d) for n, d in files], "slug": "trasig", "language": "en"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html and message in html
    assert not Conversation.objects.filter(slug="trasig").exists()


def test_seed_upload(client_for, facilitator_fia, conversation):
    client = client_for(facilitator_fia)
    url = reverse("dialogue:statement_seed", args=["jobben"])
    response = client.post(url, {"file": _upload("s.csv", b"text\nNya yrken\n")})
    assert response.status_code == 302
    assert conversation.statements.get().is_seed
    response = client.post(url, {"file": _upload("s.csv", b"text,language\nA,de\n")})
    assert response.status_code == 400
    assert "s.csv, line 2, column language" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "moderate", "run"),
    [("moderator_maja", True, False), ("facilitator_fia", False, True), ("editor_eva", True, True)],
)
def test_the_workbench_links_the_pages_a_role_may_use(request, client_for, persona, moderate, run):
    html = client_for(request.getfixturevalue(persona)).get(reverse("accounts:workbench"))
    html = html.content.decode()
    assert (reverse("dialogue:moderation_overview") in html) is moderate
    assert (reverse("dialogue:conversation_import") in html) is run


def test_a_long_queue_shows_the_oldest_hundred(client_for, moderator_maja, conversation):
    StatementFactory.create_batch(105, conversation=conversation, status="pending")
    response = client_for(moderator_maja).get(_queue(conversation))
    assert response.content.decode().count("data-mod-item") == 100
    assert "105 statements to review" in response.content.decode()
