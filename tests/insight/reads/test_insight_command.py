"""``verkstad insight``: the CLI over the same selectors as the API."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("insight", *args, stdout=out)
    return out.getvalue()


def test_employment_json(slice_data):
    data = json.loads(
        run("employment", "--county", "04", "--ssyk", "8122", "--year", "2024", "--json")
    )
    assert data["employees"] == 1463


def test_employment_text(slice_data):
    text = run("employment", "--county", "20", "--ssyk", "8122", "--year", "2024")
    assert "1079 employees" in text
    assert "Source: Källa: SCB, Yrkesregistret. Licence: CC0 1.0." in text


def test_transitions_text_credits_its_sources(slice_data):
    text = run("transitions", "--ssyk", "2512")
    assert " 1. " in text
    assert "This product uses the ESCO classification" in text


def test_transitions_json_matches_the_api(client, slice_data):
    data = json.loads(run("transitions", "--ssyk", "2512", "--json"))
    assert data == client.get("/api/insight/transitions?ssyk=2512").json()


def test_an_unknown_county_is_a_command_error(slice_data):
    with pytest.raises(CommandError, match="County 99 is not one of SCB's 21"):
        run("employment", "--county", "99", "--ssyk", "8122")


def test_it_speaks_english_whatever_language_is_active(slice_data):
    from django.utils import translation

    with translation.override("sv"), pytest.raises(CommandError, match="County 99 is not"):
        run("employment", "--county", "99", "--ssyk", "8122")
