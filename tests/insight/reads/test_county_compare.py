from __future__ import annotations


def test_it_puts_two_counties_side_by_side(client, slice_data):
    html = client.get("/insikt/jamfor/lan/?lan=20&lan=21").content.decode()
    assert "Dalarnas län" in html and "Gävleborgs län" in html
    assert "compare-table" in html


def test_without_a_choice_it_shows_the_form(client, slice_data):
    html = client.get("/insikt/jamfor/lan/").content.decode()
    assert 'name="lan"' in html and "compare-table" not in html
