"""SCB's 2022→2023 series break is marked on every chart and table that crosses it."""

from __future__ import annotations

import csv
import io
import re

import pytest

PAGES = [
    "/insikt/lan/20/",
    "/insikt/yrken/8122/",
    "/insikt/jamfor/lan/?lan=20&lan=21",
    "/insikt/jamfor/yrken/?ssyk=8122&ssyk=8129",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_chart_over_the_years_draws_the_break(client, slice_data, path):
    html = client.get(path).content.decode()
    charts = re.findall(r'<svg class="chart".*?</svg>', html, flags=re.S)
    over_years = [c for c in charts if ">2022<" in c and ">2023<" in c]
    assert over_years, path
    for chart in over_years:
        assert 'class="chart__break"' in chart, path
        assert 'class="chart__break-label"' in chart, path
        assert "2022 och 2023" in chart, path  # the note, in the chart's description


@pytest.mark.parametrize(
    "path",
    ["/en/insikt/jamfor/lan/?lan=20&lan=21&csv=trend",
     "/en/insikt/jamfor/yrken/?ssyk=8122&ssyk=8129&csv=trend"],
)  # fmt: skip
def test_the_comparison_trend_downloads_with_the_break_note(client, slice_data, path):
    response = client.get(path)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    years = [r[0] for r in rows[2:13]]
    assert years == [str(y) for y in range(2014, 2025)]
    assert rows[2][2] == "100.0"  # the index starts at 100
    assert rows[11][-1] == "after the series break"  # 2023
    assert any("series break" in r[0] for r in rows[13:])
    assert any("Källa: SCB, Yrkesregistret." in r[0] for r in rows[13:])


def test_a_comparison_shows_its_trend_chart_and_table(client, slice_data):
    html = client.get("/en/insikt/jamfor/lan/?lan=04&lan=20").content.decode()
    assert 'id="trend-caption"' in html
    assert "?lan=04&amp;lan=20&amp;csv=trend" in html
