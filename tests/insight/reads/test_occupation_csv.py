from __future__ import annotations

import csv
import io

import pytest


@pytest.mark.parametrize("chart", ["counties", "counties_latest", "transitions"])
def test_each_occupation_table_downloads_as_csv(client, slice_data, chart):
    response = client.get(f"/insikt/yrken/8122/{chart}.csv")
    assert response.status_code == 200
    assert list(csv.reader(io.StringIO(response.content.decode())))[1]


def test_the_county_table_sums_to_the_scb_value(client, slice_data):
    rows = list(
        csv.reader(
            io.StringIO(client.get("/insikt/yrken/8122/counties_latest.csv").content.decode())
        )
    )
    by_county = {r[0]: r[1] for r in rows[2:] if len(r) == 2}
    assert by_county["Södermanlands län"] == "1463"
    assert by_county["Dalarnas län"] == "1079"


def test_unknown_is_404(client, slice_data):
    assert client.get("/insikt/yrken/8122/nothing.csv").status_code == 404
    assert client.get("/insikt/yrken/0000/counties.csv").status_code == 404
