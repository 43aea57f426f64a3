"""The editors' workflow in the admin: status actions, revisions and their diff."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from verkstad.knowledge.models import EditorialStatus, Finding
from verkstad.knowledge.revisions import revision_list


@pytest.fixture
def admin_ada(db: None):
    """A superuser: model permissions for editors are the accounts app's business."""
    return UserFactory(email="ada@example.se", is_staff=True, is_superuser=True)


def test_publishing_from_the_list_records_a_revision_by_the_editor(loaded, client, admin_ada):
    client.force_login(admin_ada)
    finding = Finding.objects.get(number=1)
    response = client.post(
        reverse("admin:knowledge_finding_changelist"),
        {"action": "send_to_review", "_selected_action": [finding.pk]},
        follow=True,
    )
    assert response.status_code == 200
    finding.refresh_from_db()
    assert finding.status == EditorialStatus.REVIEW
    latest = revision_list(obj=finding).first()
    assert latest.author == admin_ada and latest.origin == "admin"
    assert latest.snapshot["status"] == "review"


def test_the_change_page_shows_the_history_with_a_diff(loaded, client, admin_ada):
    client.force_login(admin_ada)
    finding = Finding.objects.get(number=1)
    client.post(
        reverse("admin:knowledge_finding_changelist"),
        {"action": "back_to_draft", "_selected_action": [finding.pk]},
    )
    page = client.get(reverse("admin:knowledge_finding_change", args=[finding.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "-  &quot;status&quot;: &quot;published&quot;," in html
    assert "+  &quot;status&quot;: &quot;draft&quot;," in html


def test_people_without_staff_status_cannot_open_the_admin(loaded, client, participant_per):
    client.force_login(participant_per)
    response = client.get(reverse("admin:knowledge_finding_changelist"))
    assert response.status_code == 302


@pytest.mark.parametrize("status", ["draft", "review", "published"])
def test_the_change_page_links_to_a_preview_of_the_finding(loaded, client, admin_ada, status):
    finding = Finding.objects.get(number=1)
    finding.status = status
    finding.save()
    client.force_login(admin_ada)
    html = client.get(reverse("admin:knowledge_finding_change", args=[finding.pk])).content.decode()
    assert f'<a href="{finding.get_absolute_url()}">' in html
    # The link works for the editor who follows it, draft or not.
    preview = client.get(finding.get_absolute_url())
    assert preview.status_code == 200
    assert ('class="draft-banner"' in preview.content.decode()) == (status != "published")


def test_the_list_links_each_finding_to_its_page(loaded, client, admin_ada):
    client.force_login(admin_ada)
    html = client.get(reverse("admin:knowledge_finding_changelist")).content.decode()
    for finding in Finding.objects.all():
        assert f'<a href="{finding.get_absolute_url()}">' in html
