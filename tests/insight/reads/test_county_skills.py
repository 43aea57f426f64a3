from __future__ import annotations


def test_it_lists_skills_to_learn_and_says_it_is_not_demand(client, slice_data):
    response = client.get("/en/insikt/lan/01/kompetenser/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "not a measure of employers" in html
    assert "/insikt/lan/01/skills.csv" in html
    assert html.count("<tr>") > 2


def test_an_unknown_county_is_404(client, slice_data):
    assert client.get("/insikt/lan/xx/kompetenser/").status_code == 404
