from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from verkstad.insight.services import labour_data_import

SLICE = Path(__file__).parent / "data"


@pytest.fixture
def slice_dir(tmp_path: Path) -> Path:
    """A writable copy of the test slice (cut from the real files by data/make_slice.py)."""
    target = tmp_path / "data"
    shutil.copytree(SLICE, target, ignore=shutil.ignore_patterns("*.py"))
    return target


@pytest.fixture
def slice_loaded(db: None) -> None:
    labour_data_import(data_dir=SLICE)


@pytest.fixture(scope="module")
def slice_module(django_db_setup, django_db_blocker):
    """The test slice, imported once per test module and rolled back after it."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        labour_data_import(data_dir=SLICE)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def slice_data(slice_module, db) -> None:
    """The slice for one test; what the test changes rolls back after it."""
