from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.knowledge.conftest import page, shows
from verkstad.knowledge.models import BigQuestion


def url(slug: str, lang: str = "sv") -> str:
    with translation.override(lang):
        return reverse("knowledge:question_detail", args=[slug])


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_a_question_shows_its_seed_statements_and_findings(content, client, lang, number):
    question = BigQuestion.objects.get(number=number)
    html = page(client.get(url(question.slug, lang)))
    assert shows(html, getattr(question, f"title_{lang}"))
    statements = list(question.seed_statements.all())
    assert len(statements) == 4
    positions = []
    for statement in statements:
        assert shows(html, getattr(statement, f"text_{lang}"))
        positions.append(html.index(getattr(statement, f"text_{lang}")[:20]))
    assert positions == sorted(positions)
    shown = set(re.findall(r'aria-labelledby="finding-([-a-z0-9]+)"', html))
    assert shown == set(question.findings.published().values_list("slug", flat=True))


def test_an_unknown_question_is_not_found(content, client):
    assert client.get(url("finns-inte")).status_code == 404
