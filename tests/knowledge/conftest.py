from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.utils.html import escape

from verkstad.knowledge.loader import content_load, default_content_path
from verkstad.knowledge.models import Finding

CONTENT = default_content_path()


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the real content/ folder."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture
def loaded(db: None) -> None:
    report = content_load(path=CONTENT)
    assert report.ok, [str(e) for e in report.errors]


def edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` (once) in a file; return the 1-based line where it was."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


@pytest.fixture(scope="module")
def content_module(django_db_setup, django_db_blocker):
    """The real content, loaded once per test module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        report = content_load(path=CONTENT)
        assert report.ok, [str(e) for e in report.errors]
        # The foreign-key checks PostgreSQL defers to COMMIT, done now and once: else
        # every test's teardown (check_constraints in a savepoint) redoes them all.
        connection.check_constraints()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def content(content_module, db) -> None:
    """The real content for one test; what the test changes rolls back after it."""


def set_status(slug: str, status: str) -> Finding:
    finding = Finding.objects.get(slug=slug)
    finding.status = status
    finding.save()
    return finding


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def section(html: str, start_marker: str, end_marker: str | None = None) -> str:
    """The HTML from ``start_marker`` up to ``end_marker`` (or the end)."""
    start = html.index(start_marker)
    end = html.index(end_marker, start) if end_marker else len(html)
    return html[start:end]


#: Persona fixture names for the draft visibility matrix; None is anonymous.
PERSONAS = [None, "participant_per", "editor_eva", "staff_sam"]
MAY_PREVIEW = {"editor_eva", "staff_sam"}


@pytest.fixture
def as_persona(request, client):
    """A client signed in as the named persona fixture (anonymous for None)."""

    def _as(name: str | None):
        if name is not None:
            client.force_login(request.getfixturevalue(name))
        return client

    return _as


def shows(html: str, text: str) -> bool:
    """Whether ``text`` appears in ``html`` as the template would escape it."""
    return bool(text) and escape(text) in html
