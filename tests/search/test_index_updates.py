"""The index follows the content: save, publish, unpublish, delete, relations; no drift."""

from __future__ import annotations

import pytest

from tests.search.conftest import slugs
from verkstad.knowledge.models import EditorialStatus, Finding, FindingAudience, Theme
from verkstad.search.models import SearchDocument
from verkstad.search.selectors import SearchFilters, search
from verkstad.search.services import index_drift, index_rebuild

pytestmark = pytest.mark.usefixtures("indexed", "lexical_only")

SLUG = "kompetensforsorjning-och-mangfald"


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what would run after commit (the immediate task backend does the work)."""

    def _commit(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return _commit


def docs(slug: str) -> set[str]:
    return set(SearchDocument.objects.filter(slug=slug).values_list("lang", flat=True))


def test_the_loaded_content_has_no_drift():
    drift = index_drift()
    assert drift.clean, str(drift)
    assert SearchDocument.objects.filter(doc_type="finding").count() == 2 * (
        Finding.objects.published().count()
    )


def test_saving_a_finding_updates_its_documents(commit):
    finding = Finding.objects.get(slug=SLUG)
    finding.title_sv = "Zebrakompetens i glesbygd"

    commit(finding.save)
    assert slugs(search("zebrakompetens")) == [SLUG]
    assert index_drift().clean


def test_unpublishing_removes_and_publishing_restores(commit):
    finding = Finding.objects.get(slug=SLUG)
    finding.status = EditorialStatus.DRAFT
    commit(finding.save)
    assert docs(SLUG) == set()
    assert SLUG not in slugs(search("kompetensförsörjning", limit=50))

    finding.status = EditorialStatus.PUBLISHED
    commit(finding.save)
    assert docs(SLUG) == {"sv", "en"}
    assert index_drift().clean


def test_deleting_a_finding_removes_it(commit):
    finding = Finding.objects.get(slug=SLUG)
    commit(finding.delete)
    assert docs(SLUG) == set()
    assert index_drift().clean


def test_changing_themes_and_audiences_updates_the_facets(commit):
    finding = Finding.objects.get(slug=SLUG)
    theme = Theme.objects.get(slug="kultur")
    commit(lambda: finding.themes.add(theme))
    assert " theme:kultur " in SearchDocument.objects.get(slug=SLUG, lang="sv").facets

    commit(lambda: theme.findings.remove(finding))
    assert " theme:kultur " not in SearchDocument.objects.get(slug=SLUG, lang="sv").facets

    commit(lambda: FindingAudience.objects.filter(finding=finding, actor_type="skola").delete())
    assert search("kompetens", filters=SearchFilters(actor="skola", type="finding")).total >= 0
    assert " actor:skola " not in SearchDocument.objects.get(slug=SLUG, lang="sv").facets
    assert index_drift().clean


def test_renaming_a_theme_refreshes_its_findings(commit):
    theme = Theme.objects.get(slug="kompetens")
    theme.slug = "kompetens-och-larande"
    commit(theme.save)
    assert (
        " theme:kompetens-och-larande " in SearchDocument.objects.get(slug=SLUG, lang="sv").facets
    )
    assert index_drift().clean


def test_without_commit_nothing_changes_yet():
    finding = Finding.objects.get(slug=SLUG)
    finding.title_sv = "Ändrad men inte sparad i indexet"
    finding.save()  # the test's transaction never commits
    drift = index_drift()
    assert drift.stale == [f"finding:{finding.pk}:sv"]


def test_the_drift_check_sees_missing_stale_and_orphaned_rows():
    finding = Finding.objects.get(slug=SLUG)
    SearchDocument.objects.filter(slug=SLUG, lang="en").delete()
    SearchDocument.objects.filter(slug=SLUG, lang="sv").update(content_hash="x")
    SearchDocument.objects.create(
        doc_type="statement", object_id="1", lang="sv", title="t", url="/", content_hash="y"
    )
    drift = index_drift()
    assert drift.missing == [f"finding:{finding.pk}:en"]
    assert drift.stale == [f"finding:{finding.pk}:sv"]
    assert drift.orphaned == ["statement:1:sv"]

    report = index_rebuild()
    assert (report.created, report.updated, report.deleted) == (1, 1, 1)
    assert index_drift().clean


def test_a_rebuild_of_an_unchanged_index_changes_nothing():
    report = index_rebuild()
    assert report.changed == 0
    assert report.unchanged == SearchDocument.objects.count()
