from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from verkstad.knowledge.loader import content_load, default_content_path

CONTENT = default_content_path()


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the real content/ folder."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture
def loaded(db: None) -> None:
    report = content_load(path=CONTENT)
    assert report.ok, [str(e) for e in report.errors]


def edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` (once) in a file; return the 1-based line where it was."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line
