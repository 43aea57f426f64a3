from __future__ import annotations


def test_it_lists_occupations_and_filters_by_text(client, slice_data):
    html = client.get("/insikt/yrken/").content.decode()
    assert "/insikt/yrken/8122/" in html
    filtered = client.get("/insikt/yrken/?q=valsverk").content.decode()
    assert "/insikt/yrken/8122/" in filtered
    assert "/insikt/yrken/2512/" not in filtered


def test_it_filters_by_major_group_and_ignores_a_bad_one(client, slice_data):
    html = client.get("/insikt/yrken/?major=8").content.decode()
    assert "/insikt/yrken/8122/" in html and "/insikt/yrken/2512/" not in html
    assert client.get("/insikt/yrken/?major=xx").status_code == 200
