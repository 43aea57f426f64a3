"""SSYK 2012 occupation codes and ESCO skill URIs, checked against the bundled open data.

The data lives in the ``shared/`` folder beside the repository (``<repo>/../shared/data``),
or wherever ``VERKSTAD_SHARED_DATA`` points. Each code set is read once, on first use.
No Django settings are needed to import or call the plain functions here.
"""

from __future__ import annotations

import csv
import gzip
import os
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError

REPO_ROOT = Path(__file__).resolve().parents[3]
SSYK_FILE = Path("jobtech-taxonomy") / "ssyk2012_structure_sv.csv"
ESCO_SKILLS_FILE = Path("esco-v1.1.1-en") / "skills_en.csv.gz"


class SharedDataMissing(RuntimeError):
    """The shared open-data folder (or a file in it) is not where we look."""


def shared_data_dir() -> Path:
    """``VERKSTAD_SHARED_DATA`` if set, else ``<repo root>/../shared/data``."""
    override = os.environ.get("VERKSTAD_SHARED_DATA", "").strip()
    return Path(override) if override else (REPO_ROOT.parent / "shared" / "data")


def _data_file(relative: Path) -> Path:
    path = shared_data_dir() / relative
    if not path.is_file():
        raise SharedDataMissing(
            f"{path} is missing. Put the shared open data beside the repository "
            f"(../shared/data) or set VERKSTAD_SHARED_DATA to the folder holding "
            f"{relative.parts[0]}/."
        )
    return path


@cache
def ssyk_codes() -> frozenset[str]:
    """Every SSYK 2012 code at every level (1–4 digits)."""
    with _data_file(SSYK_FILE).open(encoding="utf-8", newline="") as handle:
        return frozenset(row["ssyk_code"].strip() for row in csv.DictReader(handle))


@cache
def ssyk_labels() -> dict[str, str]:
    with _data_file(SSYK_FILE).open(encoding="utf-8", newline="") as handle:
        return {row["ssyk_code"].strip(): row["label_sv"] for row in csv.DictReader(handle)}


@cache
def esco_skill_uris() -> frozenset[str]:
    with gzip.open(_data_file(ESCO_SKILLS_FILE), "rt", encoding="utf-8", newline="") as handle:
        return frozenset(row["conceptUri"].strip() for row in csv.DictReader(handle))


def ssyk_code_problem(code: object) -> str | None:
    """Why ``code`` is not an SSYK 2012 code, or None when it is one."""
    if not isinstance(code, str) or not code.isdigit() or not 1 <= len(code) <= 4:
        return f"{code!r} is not an SSYK 2012 code (one to four digits)."
    if code not in ssyk_codes():
        return f"{code} is not in SSYK 2012 ({SSYK_FILE.name})."
    return None


def esco_uri_problem(uri: object) -> str | None:
    """Why ``uri`` is not an ESCO v1.1.1 skill URI, or None when it is one."""
    if not isinstance(uri, str) or not uri.startswith("http://data.europa.eu/esco/skill/"):
        return f"{uri!r} is not an ESCO skill URI (http://data.europa.eu/esco/skill/…)."
    if uri not in esco_skill_uris():
        return f"{uri} is not an ESCO v1.1.1 skill ({ESCO_SKILLS_FILE.name})."
    return None


def validate_ssyk_codes(value: object) -> None:
    """Django validator for a list of SSYK codes."""
    if not isinstance(value, list):
        raise ValidationError("SSYK codes must be a list.", code="invalid")
    problems = [p for p in map(ssyk_code_problem, value) if p]
    if problems:
        raise ValidationError(problems, code="invalid")


def validate_esco_uris(value: object) -> None:
    """Django validator for a list of ESCO skill URIs."""
    if not isinstance(value, list):
        raise ValidationError("ESCO skills must be a list.", code="invalid")
    problems = [p for p in map(esco_uri_problem, value) if p]
    if problems:
        raise ValidationError(problems, code="invalid")
