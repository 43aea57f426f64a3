"""The service the platform counts uses with, and the brief download hook."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import RequestFactory

from tests.factories import UserFactory
from tests.impact.conftest import finding_make
from verkstad.impact.models import KnowledgeUse
from verkstad.impact.services import brief_download_record, knowledge_use_record

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/140.0"


def test_it_counts_uses_on_one_row_per_day(finding):
    for _i in range(3):
        use = knowledge_use_record(
            finding=finding, channel="brief", actor_type="kommun", municipality="2081"
        )
    assert KnowledgeUse.objects.count() == 1
    assert use.count == 3
    assert (use.municipality_code, use.county_code, use.automatic) == ("2081", "20", True)
    knowledge_use_record(finding=finding, channel="brief", day=date(2026, 1, 2))
    assert KnowledgeUse.objects.count() == 2


def test_it_keeps_sources_apart(finding):
    other = finding_make(2)
    knowledge_use_record(finding=finding, channel="live_session", source_object=other)
    knowledge_use_record(finding=finding, channel="live_session", source_object=finding)
    keys = sorted(KnowledgeUse.objects.values_list("source_key", flat=True))
    assert keys == [f"knowledge.finding:{finding.pk}", f"knowledge.finding:{other.pk}"]


def test_a_county_alone_is_kept_as_the_county(finding):
    use = knowledge_use_record(finding=finding, channel="meeting", municipality="20")
    assert (use.municipality_code, use.county_code) == ("", "20")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"channel": "pigeon"},
        {"channel": "brief", "outcome": "famous"},
        {"channel": "brief", "actor_type": "king"},
        {"channel": "brief", "municipality": "20811"},
    ],
)
def test_it_refuses_unknown_codes(finding, kwargs):
    with pytest.raises(ValueError):
        knowledge_use_record(finding=finding, **kwargs)


def _get(agent: str = BROWSER, user=None):
    request = RequestFactory().get("/underlag/2081/kommun/sv/", HTTP_USER_AGENT=agent)
    from django.contrib.auth.models import AnonymousUser

    request.user = user or AnonymousUser()
    return request


def test_a_served_brief_counts_each_of_its_findings(finding):
    second = finding_make(2)
    brief_download_record(
        request=_get(), brief=None, region="2081", audience="kommun", kind="html",
        content=_Content([finding.slug, second.slug]),
    )  # fmt: skip
    rows = KnowledgeUse.objects.order_by("finding__number")
    assert [(r.finding, r.channel, r.actor_type, r.municipality_code, r.count) for r in rows] == [
        (finding, "brief", "kommun", "2081", 1),
        (second, "brief", "kommun", "2081", 1),
    ]


def test_robots_and_editors_are_not_counted(finding, editor_eva):
    content = _Content([finding.slug])
    for request in (_get("Googlebot/2.1"), _get(""), _get(user=editor_eva)):
        brief_download_record(
            request=request, brief=None, region="20", audience="kommun", kind="html",
            content=content,
        )  # fmt: skip
    assert not KnowledgeUse.objects.exists()


def test_a_failure_to_count_never_breaks_the_download(finding, monkeypatch):
    class Broken:
        def enqueue(self, **kwargs):
            raise RuntimeError("queue down")

    monkeypatch.setattr("verkstad.impact.tasks.brief_download_task", Broken())
    brief_download_record(
        request=_get(), brief=None, region="20", audience="kommun", kind="html",
        content=_Content([finding.slug]),
    )  # fmt: skip
    assert not KnowledgeUse.objects.exists()


def test_the_brief_pages_count_their_findings(client, settings, tmp_path):
    """The briefs views call the hook: the HTML page for its findings, the PDF likewise."""
    from verkstad.knowledge.loader import content_load, default_content_path

    settings.MEDIA_ROOT = tmp_path
    assert content_load(path=default_content_path()).ok
    response = client.get("/underlag/20/kommun/sv/", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200
    html_uses = KnowledgeUse.objects.filter(channel="brief", actor_type="kommun", county_code="20")
    assert html_uses.count() >= 1
    assert set(html_uses.values_list("count", flat=True)) == {1}
    response = client.get("/underlag/20/kommun/sv/pdf/", HTTP_USER_AGENT=BROWSER)
    assert response["Content-Type"] == "application/pdf"
    pdf_uses = html_uses.filter(source_key__startswith="briefs.brief:")
    assert pdf_uses.count() == html_uses.filter(source_key="").count()
    assert set(pdf_uses.values_list("count", flat=True)) == {1}
    UserFactory()  # no one is stored: the rows name no user
    assert not KnowledgeUse.objects.filter(recorded_by__isnull=False).exists()


class _Content:
    """Stands in for a brief's assembled content: a findings section of slugs."""

    def __init__(self, slugs: list[str]) -> None:
        self.slugs = slugs

    def section(self, slug: str):
        if slug != "findings":
            return None
        return type("S", (), {"data": [type("F", (), {"slug": s})() for s in self.slugs]})()
