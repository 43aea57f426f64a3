"""What every browser test does on every page: load it, scan it with axe, watch the CSP.

Each test names the URL patterns it covers with ``@covers("app:name", ...)``;
``test_every_url_has_a_browser_test`` fails when a pattern has no such test.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import ConsoleMessage, Page

AXE_JS = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}

COVERED: set[str] = set()


def covers(*url_names: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Mark a browser test as the one that visits these URL patterns."""
    COVERED.update(url_names)

    def mark(func: Callable[..., Any]) -> Callable[..., Any]:
        func.covers = url_names  # type: ignore[attr-defined]
        return func

    return mark


def axe_violations(page: Page) -> list[dict[str, Any]]:
    # evaluate() runs through the DevTools protocol, so the page's CSP does not
    # block the injected axe source (add_script_tag would be blocked, rightly).
    page.evaluate(AXE_JS)
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return result["violations"]


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = [node["target"] for node in v["nodes"]][:5]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} -> {json.dumps(targets)}")
    return "\n".join(lines)


class PageVisit:
    """Opens pages, collects console errors (CSP reports show up there) and scans."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.console_errors: list[str] = []
        page.on("console", self._on_console)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def open(self, path: str, *, status: int = 200) -> Page:
        response = self.page.goto(self.base_url + path)
        assert response is not None, path
        assert response.status == status, f"{path}: {response.status}"
        self.assert_clean(path)
        return self.page

    def assert_clean(self, label: str = "") -> None:
        violations = axe_violations(self.page)
        assert not violations, f"axe on {label or self.page.url}:\n" + format_violations(violations)
        csp = [e for e in self.console_errors if "Content Security Policy" in e]
        assert not csp, f"CSP violations on {label}: {csp}"
