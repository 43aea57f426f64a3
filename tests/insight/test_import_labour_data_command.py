"""``verkstad import_labour_data``: a smoke test; the service has its own tests."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.insight.conftest import SLICE
from verkstad.insight.models import Employment


def test_it_imports_and_reports(db):
    out = io.StringIO()
    call_command("import_labour_data", "--data-dir", str(SLICE), stdout=out)
    assert "scb-yreg: imported" in out.getvalue()
    assert "derived tables: recomputed" in out.getvalue()
    assert Employment.objects.exists()


def test_a_dry_run_says_so_and_writes_nothing(db):
    out = io.StringIO()
    call_command(
        "import_labour_data", "--dry-run", "--only", "ilo-genai-2025",
        "--data-dir", str(SLICE), stdout=out,
    )  # fmt: skip
    assert "ilo-genai-2025: would import" in out.getvalue()
    assert "nothing was written" in out.getvalue()


def test_a_missing_folder_is_a_command_error(db, tmp_path: Path):
    with pytest.raises(CommandError, match="scb-yreg: .*: the file is missing"):
        call_command("import_labour_data", "--data-dir", str(tmp_path), stdout=io.StringIO())
