from __future__ import annotations

import pytest


def test_it_shows_codes_links_skills_exposure_and_transitions(client, slice_data):
    response = client.get("/insikt/yrken/8121/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "http://data.europa.eu/esco/isco/C8122" in html  # SSYK 8121 is ISCO 8122
    assert "http://data.europa.eu/esco/isco/C8121" not in html
    assert "http://data.europa.eu/esco/occupation/" in html
    assert "ILO Working Paper 140" in html
    assert "/insikt/yrken/8121/counties.csv" in html


def test_an_exposed_group_has_ranked_moves_with_skills_to_learn(client, slice_data):
    html = client.get("/en/insikt/yrken/2512/").content.decode()
    assert "skills to learn" in html
    assert '<details class="transition">' in html


@pytest.mark.parametrize("code", ["9999", "812", "abcd", "81222"])
def test_an_unknown_code_is_404(client, slice_data, code):
    assert client.get(f"/insikt/yrken/{code}/").status_code == 404
