from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from tests.knowledge.conftest import page, shows
from verkstad.knowledge.models import BigQuestion


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_four_big_questions_are_listed_in_order(content, client, lang):
    with translation.override(lang):
        html = page(client.get(reverse("knowledge:question_list")))
        questions = list(BigQuestion.objects.all())
        urls = [q.get_absolute_url() for q in questions]
    assert [q.number for q in questions] == [1, 2, 3, 4]
    for question in questions:
        assert shows(html, getattr(question, f"title_{lang}"))
    positions = [html.index(f'href="{u}"') for u in urls]
    assert positions == sorted(positions)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_home_page_cards_lead_to_the_question_pages(content, client, lang):
    with translation.override(lang):
        home = page(client.get(reverse("core:home")))
        urls = [q.get_absolute_url() for q in BigQuestion.objects.all()]
    for question_url in urls:
        assert f'href="{question_url}"' in home
        assert client.get(question_url).status_code == 200
