"""Unknown codes, bad years and odd comparisons: a clear 404 or 400 in the reader's language."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "path",
    ["/insikt/lan/99/", "/insikt/lan/4/kompetenser/", "/insikt/lan/77/trend.csv",
     "/insikt/yrken/9999/", "/insikt/yrken/812/", "/insikt/yrken/8122/nothing.csv",
     "/insikt/lan/٠٤/", "/insikt/yrken/8122%0A/"],
)  # fmt: skip
def test_an_unknown_code_is_a_404_that_says_what_is_missing(client, slice_data, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "/insikt/yrken/" in html  # a way on


def test_the_404_message_names_the_code_in_english_too(client, slice_data):
    html = client.get("/en/insikt/lan/99/").content.decode()
    assert "No county has the code 99." in html
    assert 'lang="en"' in html
    html = client.get("/en/insikt/yrken/9999/").content.decode()
    assert "No SSYK 2012 unit group has the code 9999." in html


@pytest.mark.parametrize(
    "query",
    ["?lan=99&lan=20", "?lan=x&lan=y", "?lan=20&lan=20", "?lan=2O"],
)
def test_a_bad_county_comparison_is_a_400_with_a_message(client, slice_data, query):
    response = client.get(f"/en/insikt/jamfor/lan/{query}")
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize(
    "query,message",
    [("?ssyk=12&ssyk=8122", "four digits each"),
     ("?ssyk=8122&ssyk=8122", "Choose two different occupations"),
     ("?ssyk=9999&ssyk=8122", "four digits each")],
)  # fmt: skip
def test_a_bad_occupation_comparison_is_a_400_with_a_message(client, slice_data, query, message):
    response = client.get(f"/en/insikt/jamfor/yrken/{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and message in html
    assert "compare-table" not in html


def test_one_choice_only_shows_the_form_without_complaint(client, slice_data):
    assert client.get("/insikt/jamfor/lan/?lan=20").status_code == 200
    assert client.get("/insikt/jamfor/yrken/?ssyk=8122").status_code == 200


@pytest.mark.parametrize(
    "query,status,message",
    [("?ssyk=8122&year=0000", 404, "Year 0 is not in the data (2014–2024)."),
     ("?ssyk=8122&year=2031", 404, "Year 2031 is not in the data"),
     ("?ssyk=8122&year=20x4", 400, "year must be a four-digit year"),
     ("?ssyk=8122&year=-2024", 400, "year must be a four-digit year"),
     ("?ssyk=٨١٢٢", 400, "ssyk is required"),
     ("?ssyk=8122&county=٠٤", 400, "county must be a two-digit"),
     ("?ssyk=8122&county=00", 200, ""),
     ("?ssyk=9999", 404, "SSYK 9999 is not an SSYK 2012 unit group")],
)  # fmt: skip
def test_the_api_says_what_is_wrong_with_a_query(client, slice_data, query, status, message):
    response = client.get(f"/api/insight/employment{query}")
    assert response.status_code == status
    if message:
        assert message in response.json()["error"]


def test_api_errors_follow_the_callers_language(client, slice_data, settings):
    english = client.get("/api/insight/transitions?ssyk=9999").json()["error"]
    assert english.startswith("SSYK 9999")
    swedish = client.get("/api/insight/transitions?ssyk=9999", HTTP_ACCEPT_LANGUAGE="sv")
    assert swedish.status_code == 404 and swedish.json()["error"]
