"""verkstad impact-report writes the CSV (and refuses a bad period with a message)."""

from __future__ import annotations

import csv

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_it_writes_the_csv_and_html(tmp_path, finding):
    out_csv, out_html = tmp_path / "r.csv", tmp_path / "r.html"
    call_command("impact-report", "--from", "2026-01-01", "--to", "2026-06-30",
                 "--lang", "en", "--csv", str(out_csv), "--html", str(out_html))  # fmt: skip
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert rows[0]["period_start"] == "2026-01-01" and rows[0]["period_end"] == "2026-06-30"
    assert "Codebook" in out_html.read_text(encoding="utf-8")


def test_a_start_after_the_end_stops_with_a_message():
    with pytest.raises(CommandError, match="after it ends"):
        call_command("impact-report", "--from", "2026-06-30", "--to", "2026-01-01",
                     "--lang", "en")  # fmt: skip
