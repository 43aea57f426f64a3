from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from tests.knowledge.conftest import page, section, shows
from verkstad.knowledge.models import ContextFact


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_fact_has_its_figure_source_year_and_verification(content, client, lang):
    with translation.override(lang):
        html = page(client.get(reverse("knowledge:context_fact_list")))
    facts = list(ContextFact.objects.all())
    assert len(facts) == 20
    for fact in facts:
        block = section(html, f'id="fact-{fact.number}"', "</li>")
        assert shows(block, getattr(fact, f"text_{lang}"))
        assert shows(block, fact.source_citation)
        if fact.year:
            assert f"<dd>{fact.year}</dd>" in block  # a year, not "2 018"
        with translation.override(lang):
            assert shows(block, fact.get_verification_display())
        assert not getattr(fact, f"verification_note_{lang}") or shows(
            block, getattr(fact, f"verification_note_{lang}")
        )
