from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from tests.knowledge.conftest import page, section, shows
from verkstad.knowledge.models import Recommendation, RecommendationHeading

HEADINGS = [h.value for h in RecommendationHeading]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_recommendations_are_grouped_under_the_three_headings(content, client, lang):
    html = page(
        client.get(
            reverse("knowledge:recommendation_list")
            if lang == "sv"
            else "/en" + reverse("knowledge:recommendation_list")
        )
    )
    starts = [html.index(f'id="heading-{h}"') for h in HEADINGS]
    assert starts == sorted(starts)
    recommendations = list(Recommendation.objects.all())
    assert len(recommendations) == 8
    for recommendation in recommendations:
        i = HEADINGS.index(recommendation.heading)
        end = HEADINGS[i + 1] if i + 1 < len(HEADINGS) else None
        group = section(
            html,
            f'id="heading-{recommendation.heading}"',
            f'id="heading-{end}"' if end else "</main>",
        )
        block = section(group, f'id="recommendation-{recommendation.number}"', "</li>\n")
        assert shows(block, getattr(recommendation, f"text_{lang}"))
        with translation.override(lang):
            assert shows(block, recommendation.get_verification_display())
        assert shows(block, getattr(recommendation, f"verification_note_{lang}"))
        for source in recommendation.sources.all():
            assert source.slug in block
