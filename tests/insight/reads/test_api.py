"""The read-only JSON endpoints under /api/insight/."""

from __future__ import annotations

import pytest


def test_employment_returns_the_scb_figure(client, slice_data):
    data = client.get("/api/insight/employment?county=04&ssyk=8122&year=2024").json()
    assert data["employees"] == 1463
    assert data["men"] + data["women"] == 1463
    assert data["county"]["code"] == "04" and data["ssyk"]["code"] == "8122"
    assert data["series_break"]["between"] == [2022, 2023]
    assert data["source"][0]["licence"] == "CC0 1.0"


def test_employment_without_a_county_is_sweden(client, slice_data):
    data = client.get("/api/insight/employment?ssyk=8129&year=2024").json()
    assert data["county"]["code"] == "00"
    assert data["employees"] > 2243


@pytest.mark.parametrize(
    "query,status",
    [("", 400), ("?ssyk=81", 400), ("?ssyk=8122&county=4", 400), ("?ssyk=8122&year=x", 400),
     ("?ssyk=9999", 404), ("?ssyk=8122&county=99", 404), ("?ssyk=8122&year=1990", 404)],
)  # fmt: skip
def test_bad_input_is_a_clear_error(client, slice_data, query, status):
    response = client.get(f"/api/insight/employment{query}")
    assert response.status_code == status
    assert response.json()["error"]


def test_transitions_are_ranked_with_skills(client, slice_data):
    data = client.get("/api/insight/transitions?ssyk=2512").json()
    ranks = [t["rank"] for t in data["transitions"]]
    assert ranks == sorted(ranks) and ranks
    first = data["transitions"][0]
    assert set(first) >= {"ssyk", "score", "skill_overlap", "substitutability", "skills_to_learn"}
    assert client.get("/api/insight/transitions?ssyk=0000").status_code == 404
    assert client.get("/api/insight/transitions").status_code == 400


def test_counties_lists_all_21(client, slice_data):
    data = client.get("/api/insight/counties").json()
    assert len(data["counties"]) == 21
    assert client.post("/api/insight/counties").status_code == 405
