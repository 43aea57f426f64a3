"""SSYK and ESCO codes are checked against the bundled open data."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from verkstad.knowledge import codes


def test_real_ssyk_codes_pass_and_unknown_ones_fail():
    assert codes.ssyk_code_problem("812") is None
    assert codes.ssyk_code_problem("8121") is None
    assert "not in SSYK 2012" in codes.ssyk_code_problem("8999")
    assert "one to four digits" in codes.ssyk_code_problem("81a")


def test_esco_uris_are_checked_against_the_skills_file():
    known = next(iter(codes.esco_skill_uris()))
    assert codes.esco_uri_problem(known) is None
    assert "not an ESCO v1.1.1 skill" in codes.esco_uri_problem(
        "http://data.europa.eu/esco/skill/00000000-0000-0000-0000-000000000000"
    )
    assert "not an ESCO skill URI" in codes.esco_uri_problem("https://example.org/x")


def test_validators_raise_with_every_problem():
    with pytest.raises(ValidationError) as exc:
        codes.validate_ssyk_codes(["812", "9999", "x"])
    assert len(exc.value.messages) == 2


def test_a_missing_data_folder_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.setenv("VERKSTAD_SHARED_DATA", str(tmp_path / "nowhere"))
    codes.ssyk_codes.cache_clear()
    try:
        with pytest.raises(codes.SharedDataMissing, match="VERKSTAD_SHARED_DATA"):
            codes.ssyk_codes()
    finally:
        codes.ssyk_codes.cache_clear()
