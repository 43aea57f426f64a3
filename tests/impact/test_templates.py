"""The impact app keeps its templates beside it; hold them to the site's template checks."""

from __future__ import annotations

import re
from pathlib import Path

import verkstad.impact
from tests.core.test_security_headers import INLINE

TEMPLATES = Path(verkstad.impact.__file__).parent / "templates"


def test_no_impact_template_has_inline_script_or_style():
    assert list(TEMPLATES.rglob("*.html"))
    problems = [
        f"{path.name}: {what}"
        for path in TEMPLATES.rglob("*.html")
        for pattern, what in INLINE
        if pattern.search(path.read_text())
    ]
    assert not problems


def test_every_table_wrapper_is_keyboard_scrollable_and_named():
    problems = []
    for path in TEMPLATES.rglob("*.html"):
        for match in re.finditer(r'<div class="table-wrap"[^>]*>', path.read_text()):
            if 'tabindex="0"' not in match.group(0) or "aria-label" not in match.group(0):
                problems.append(f"{path.name}: {match.group(0)}")
    assert not problems


def test_every_partial_says_what_it_expects():
    for path in TEMPLATES.rglob("_*.html"):
        assert path.read_text().startswith("{# expects:"), path.name
