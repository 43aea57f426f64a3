"""The public evidence rubric: the same scale as docs/knowledge.md, in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from tests.knowledge.conftest import page, section, shows
from verkstad.knowledge.models import Finding, VerificationStatus
from verkstad.knowledge.rubric import RUBRIC, VERIFICATION_MEANINGS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "knowledge.md"


def docs_rubric() -> dict[int, str]:
    text = DOCS.read_text(encoding="utf-8")
    table = text.split("## Evidence strength rubric (1–5)", 1)[1]
    return {int(s): m.strip() for s, m in re.findall(r"^\| (\d) \| (.+?) \|$", table, re.M)}


def test_the_page_says_what_the_docs_say():
    with translation.override("en"):
        page_rubric = {level.score: str(level.meaning) for level in RUBRIC}
    assert page_rubric == docs_rubric()
    assert set(page_rubric) == {1, 2, 3, 4, 5}


def test_every_verification_status_is_explained():
    assert {status for status, _ in VERIFICATION_MEANINGS} == set(VerificationStatus.values)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_page_lists_each_level_with_its_findings(content, client, lang):
    with translation.override(lang):
        html = page(client.get(reverse("knowledge:evidence_rubric")))
        meanings = {level.score: str(level.meaning) for level in RUBRIC}
        labels = [VerificationStatus(s).label for s in VerificationStatus.values]
        labels = [str(label) for label in labels]
        urls = {f.slug: f.get_absolute_url() for f in Finding.objects.published()}
    starts = [html.index(f'id="strength-{score}"') for score in (5, 4, 3, 2, 1)]
    assert starts == sorted(starts)
    for score, meaning in meanings.items():
        block = section(html, f'id="strength-{score}"', "</li>\n")
        assert shows(block, meaning)
        for finding in Finding.objects.published().filter(evidence_strength=score):
            assert f'href="{urls[finding.slug]}"' in block
    for label in labels:
        assert shows(section(html, 'id="verification"'), label)


def test_a_finding_links_to_its_level(content, client):
    finding = Finding.objects.get(number=26)
    html = page(client.get(finding.get_absolute_url()))
    assert f'{reverse("knowledge:evidence_rubric")}#strength-{finding.evidence_strength}"' in html
