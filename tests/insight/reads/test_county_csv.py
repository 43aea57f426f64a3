from __future__ import annotations

import csv
import io

import pytest


@pytest.mark.parametrize(
    "chart", ["major_groups", "gender", "trend", "metal_trend", "metal", "exposure", "skills"]
)
def test_each_county_table_downloads_as_csv(client, slice_data, chart):
    response = client.get(f"/insikt/lan/20/{chart}.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"verkstad-county-20-{chart}-2024.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) >= 2


def test_the_trend_csv_has_every_year_and_the_break_note(client, slice_data):
    rows = list(csv.reader(io.StringIO(client.get("/en/insikt/lan/21/trend.csv").content.decode())))
    years = [r[0] for r in rows[2:13]]
    assert years == [str(y) for y in range(2014, 2025)]
    assert any("series break" in r[0] for r in rows[13:])


def test_each_csv_ends_with_the_credit_of_its_data_sets(client, slice_data):
    text = client.get("/en/insikt/lan/20/trend.csv").content.decode()
    assert "Källa: SCB, Yrkesregistret. Licence: CC0 1.0." in text
    assert "Lodefalk, M. and Engberg, E." in text
    text = client.get("/en/insikt/yrken/8122/transitions.csv").content.decode()
    assert "This product uses the ESCO classification" in text
    assert "Källa: Arbetsförmedlingen, JobTech Taxonomy." in text


def test_an_unknown_table_or_county_is_404(client, slice_data):
    assert client.get("/insikt/lan/20/nothing.csv").status_code == 404
    assert client.get("/insikt/lan/77/trend.csv").status_code == 404
