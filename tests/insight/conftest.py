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
