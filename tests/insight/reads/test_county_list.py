from __future__ import annotations

from verkstad.insight.models import Region, RegionYear


def test_it_lists_all_21_counties_with_their_figures(client, slice_data):
    response = client.get("/insikt/")
    assert response.status_code == 200
    html = response.content.decode()
    for region in Region.objects.filter(kind="county"):
        assert region.get_absolute_url() in html
    assert "Dalarnas län" in html
    assert "Källa: SCB, Yrkesregistret." in html


def test_it_speaks_english_under_en(client, slice_data):
    html = client.get("/en/insikt/").content.decode()
    assert "Dalarna County" in html
    assert 'lang="en"' in html


def test_without_data_it_says_how_to_import(client, slice_data):
    RegionYear.objects.all().delete()  # as before the first import; rolled back after
    response = client.get("/insikt/")
    assert response.status_code == 200
    assert "import_labour_data" in response.content.decode()
