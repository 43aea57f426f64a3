from __future__ import annotations

import io

import pytest
from django.db import connection, transaction

from tests.insight.conftest import SLICE
from verkstad.insight.services import labour_data_import
from verkstad.knowledge.loader import content_load, default_content_path


@pytest.fixture(scope="module")
def seeded_module(django_db_setup, django_db_blocker):
    """The real knowledge content and the labour-data test slice, loaded once per module."""
    with django_db_blocker.unblock(), transaction.atomic():
        report = content_load(path=default_content_path())
        assert report.ok, [str(e) for e in report.errors]
        labour_data_import(data_dir=SLICE)
        # The foreign-key checks PostgreSQL defers to COMMIT, done now and once: else
        # every test's teardown (check_constraints in a savepoint) redoes them all.
        connection.check_constraints()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_module, db) -> None:
    """Content and labour data for one test; what the test changes rolls back after it."""


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def pdf_text(data: bytes) -> str:
    """The PDF's text as a PDF library reads it, with whitespace runs made single spaces."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.split())
