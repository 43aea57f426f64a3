from __future__ import annotations

import re
from pathlib import Path

import pytest

import verkstad

TEMPLATES = Path(verkstad.__file__).parent / "templates"


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in csp.split(";") if part.strip()
    )
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


@pytest.mark.django_db
def test_pages_carry_the_other_security_headers(client):
    response = client.get("/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_anonymous_pages_set_no_cookies(client):
    response = client.get("/om-projektet/")
    assert response.cookies == {}, "reading a page must not set any cookie"


INLINE = [
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style[\s>]", re.I), "<style> element"),
    (re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I), "inline event handler"),
]


def test_no_template_has_inline_script_or_style():
    problems = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"{path.relative_to(TEMPLATES)}:{line}: {what}")
    assert not problems, "\n".join(problems)


def test_every_table_wrapper_is_keyboard_scrollable_and_named():
    """A sideways-scrolling table must take focus and have a name (see verkstad.css)."""
    problems = []
    for path in TEMPLATES.rglob("*.html"):
        for match in re.finditer(r'<div class="table-wrap"[^>]*>', path.read_text()):
            tag = match.group(0)
            if 'tabindex="0"' not in tag or "aria-label" not in tag:
                problems.append(f"{path.relative_to(TEMPLATES)}: {tag}")
    assert not problems, "\n".join(problems)
