from __future__ import annotations


def test_it_puts_two_occupations_side_by_side(client, slice_data):
    html = client.get("/en/insikt/jamfor/yrken/?ssyk=8122&ssyk=8129").content.decode()
    assert "compare-table" in html
    assert "essential skills" in html
