from __future__ import annotations


def test_it_puts_two_occupations_side_by_side(client, slice_data):
    html = client.get("/en/insikt/jamfor/yrken/?ssyk=8122&ssyk=8129").content.decode()
    assert "compare-table" in html
    assert "essential skills" in html


def test_bad_input_gives_a_message_not_an_error(client, slice_data):
    response = client.get("/insikt/jamfor/yrken/?ssyk=12&ssyk=8122")
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
