"""docs/impact.md names every registry list, measure, channel and outcome (datasette-style)."""

from __future__ import annotations

from pathlib import Path

import pytest

from verkstad.impact import registry
from verkstad.impact.models import Channel, Outcome

DOC = (Path(__file__).resolve().parents[2] / "docs" / "impact.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name",
    ["ENGAGEMENT_SOURCES", "KNOWLEDGE_USE_SOURCES", "LEARNING_SOURCES", "measure_register",
     "source_add", "knowledge_use_record", "EngagementRow", "KnowledgeUseRow", "LikertResult"],
)  # fmt: skip
def test_the_registry_is_documented(name):
    assert f"{name}" in DOC
    assert hasattr(registry, name) or name == "knowledge_use_record"


@pytest.mark.parametrize("code", sorted([*Channel.values, *Outcome.values, "live_participants"]))
def test_every_code_is_documented(code):
    assert f"`{code}`" in DOC
