"""``verkstad opinion-map DIR --json``: reads a Pol.is export, never the database."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
EXPORTS = Path(os.environ.get("VERKSTAD_SHARED_DATA", SHARED_DATA)) / "polis"
SEATTLE = EXPORTS / "15-per-hour-seattle"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("opinion-map", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_documented_json_without_touching_the_database() -> None:
    # No `db` fixture: pytest-django fails any query made here.
    report = json.loads(run(str(SEATTLE), "--json"))
    assert {
        "participants", "n_groups", "groups", "consensus", "pca", "counts", "seed",
        "timings", "divisive", "group_aware_consensus", "polis_agreement", "statements",
    } <= set(report)  # fmt: skip
    assert report["counts"]["participants"] == 339 and report["counts"]["moderated_out"] == 23
    assert report["source"]["votes_from"] == "votes.csv"
    assert sum(g is not None for g in report["participants"].values()) == 138
    assert report["n_groups"] == len(report["groups"]) == 2
    assert report["polis_agreement"]["compared"] == 138
    assert report["polis_agreement"]["adjusted_rand_index"] >= 0.85
    first = report["groups"][0]["representative"][0]
    assert str(first["statement_id"]) in report["statements"]
    assert set(report["pca"]["participants"]) == set(report["participants"])
    assert report["pca"]["summary"]["x"]["min"] <= report["pca"]["summary"]["x"]["max"]


def test_options_reach_the_math() -> None:
    report = json.loads(run(str(SEATTLE), "--json", "--k-max", "2", "--seed", "3"))
    assert report["seed"] == 3 and report["parameters"]["k_max"] == 2
    assert list(report["silhouettes"]) == ["2"]


def test_without_json_it_prints_a_summary() -> None:
    text = run(str(SEATTLE))
    assert "339 participants" in text and "Group 0" in text and "ARI" in text


def test_a_bad_directory_is_a_command_error(tmp_path) -> None:
    with pytest.raises(CommandError, match="comments.csv"):
        run(str(tmp_path))
    with pytest.raises(CommandError, match="k-max"):
        run(str(SEATTLE), "--k-max", "1")


def test_the_console_command_runs_with_an_unreachable_database() -> None:
    env = dict(os.environ, DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    completed = subprocess.run(
        [sys.executable, "-m", "verkstad", "opinion-map", str(SEATTLE), "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["n_groups"] == 2
