"""The tests here read the test slice; it is imported once for all of them.

``labour_data_import`` on the slice takes about a second and a half; once per module it
was about half of this folder's run time. The import runs in one transaction that stays
open for the whole folder and is rolled back at its end, so tests elsewhere still start
from an empty database. Each test runs in a savepoint of its own (pytest-django's ``db``),
so what one test changes is gone before the next.
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from tests.insight.conftest import SLICE
from verkstad.insight.services import labour_data_import


@pytest.fixture(scope="package")
def slice_package(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        labour_data_import(data_dir=SLICE)
        # The foreign-key checks PostgreSQL defers to COMMIT, done now and once: else
        # every test's teardown (check_constraints in a savepoint) redoes them all.
        connection.check_constraints()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def slice_data(slice_package, db) -> None:
    """The slice for one test; what the test changes rolls back after it."""
