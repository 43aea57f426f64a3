"""Search fixtures: the real content, indexed (and embedded) once per module."""

from __future__ import annotations

import pytest
from django.db import transaction

from verkstad.knowledge.loader import content_load, default_content_path
from verkstad.search.services import embed_pending, index_rebuild


@pytest.fixture(scope="module")
def indexed_module(django_db_setup, django_db_blocker):
    """Content loaded and indexed once per module, rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        report = content_load(path=default_content_path())
        assert report.ok, [str(e) for e in report.errors]
        index_rebuild()
        embed_pending()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def indexed(indexed_module, db) -> None:
    """The real content in the index for one test; its changes roll back after it."""


@pytest.fixture
def lexical_only(settings) -> None:
    settings.VERKSTAD_SEARCH_SEMANTIC = False


def slugs(results) -> list[str]:
    return [hit.slug for hit in results.hits]
