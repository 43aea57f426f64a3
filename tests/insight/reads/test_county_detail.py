from __future__ import annotations

import re

import pytest

from verkstad.insight.models import RegionYear
from verkstad.insight.reference import COUNTY_NAMES_SV
from verkstad.knowledge.loader import content_load, default_content_path


@pytest.mark.parametrize("code", sorted(COUNTY_NAMES_SV))
def test_every_county_page_renders(client, slice_data, code):
    response = client.get(f"/insikt/lan/{code}/")
    assert response.status_code == 200
    assert COUNTY_NAMES_SV[code] in response.content.decode()


def test_every_chart_has_its_table_and_csv_link(client, slice_data):
    html = client.get("/insikt/lan/20/").content.decode()
    charts = re.findall(r'<svg class="chart"[^>]*aria-labelledby="([\w-]+)-title', html)
    assert len(charts) >= 6
    for chart in charts:
        slug = chart.removeprefix("chart-")
        assert f'id="{slug}-caption"' in html, slug
        assert f"/insikt/lan/20/{slug}.csv" in html, slug
    assert html.count('role="img"') == len(charts)


def test_the_series_break_is_marked_on_the_trend(client, slice_data):
    html = client.get("/insikt/lan/20/").content.decode()
    assert "chart__break" in html
    assert "2022 och 2023" in html


def test_it_shows_the_plain_language_box_and_both_indexes(client, slice_data):
    html = client.get("/en/insikt/lan/21/").content.decode()
    assert "Exposure is not the same as jobs lost" in html
    assert "DAIOE" in html and "ILO generative-AI index 2025" in html


def test_the_metal_table_holds_the_real_slice_values(client, slice_data):
    html = client.get("/en/insikt/lan/04/").content.decode()
    assert "1,463" in html  # SSYK 8122 in Södermanland, 2024


def test_findings_tagged_with_812_appear(client, slice_data):
    report = content_load(path=default_content_path())
    assert report.ok
    html = client.get("/insikt/lan/20/").content.decode()
    assert "/kunskap/fynd/" in html


@pytest.mark.parametrize("code", ["99", "00", "abc", "1", "0404"])
def test_an_unknown_county_is_404(client, slice_data, code):
    assert client.get(f"/insikt/lan/{code}/").status_code == 404


def test_a_county_page_without_data_is_404(client, slice_data):
    RegionYear.objects.all().delete()  # as before the first import; rolled back after
    assert client.get("/insikt/lan/20/").status_code == 404
