"""A brief where nothing has been loaded: it says what is missing instead of being empty."""

from __future__ import annotations

from verkstad.briefs.assemble import BriefRequest, brief_assemble
from verkstad.briefs.regions import BriefRegion


def test_a_brief_with_no_data_at_all_says_what_is_missing(db):
    content = brief_assemble(
        request=BriefRequest(region=BriefRegion("20"), audience="kommun", language="en")
    )
    assert content.is_empty
    assert content.sections == []
    assert len(content.missing) == 3
    assert any("Municipality" in m for m in content.missing)  # no finding for the audience
    assert any("labour-market data" in m for m in content.missing)
    assert any("big questions" in m for m in content.missing)


def test_the_empty_brief_page_explains_it(client, db):
    response = client.get("/en/underlag/20/kommun/en/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is not enough for a brief here yet" in html
    assert "No labour-market data has been imported" in html
