"""``verkstad brief`` on the command line."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.briefs.conftest import pdf_text


def test_it_writes_the_pdf_and_the_html(seeded, tmp_path):
    out = StringIO()
    call_command(
        "brief", "--county", "20", "--audience", "kommun", "--lang", "sv",
        "--pdf", str(tmp_path / "out.pdf"), "--html", str(tmp_path / "out.html"), stdout=out,
    )  # fmt: skip
    assert "out.pdf" in out.getvalue()
    assert "Dalarnas län" in pdf_text((tmp_path / "out.pdf").read_bytes())
    html = (tmp_path / "out.html").read_text()
    assert html.startswith("<!doctype html>") and "<style>" in html and "@page" in html


def test_without_files_it_prints_a_summary(seeded):
    out, err = StringIO(), StringIO()
    call_command(
        "brief", "--county", "20", "--municipality", "2081", "--audience", "annan",
        stdout=out, stderr=err,
    )  # fmt: skip
    assert "2081" in out.getvalue() and "content hash" in out.getvalue()
    assert "Missing:" in err.getvalue()


@pytest.mark.parametrize(
    "args",
    [
        ["--county", "99", "--audience", "kommun"],
        ["--county", "20", "--municipality", "0181", "--audience", "kommun"],
        ["--county", "20", "--audience", "nobody"],
        ["--county", "20", "--audience", "kommun", "--lang", "de"],
    ],
)
def test_bad_input_stops_with_a_message(db, args):
    with pytest.raises(CommandError):
        call_command("brief", *args)
