"""Every named URL pattern of ours has a browser test that visits it."""

from __future__ import annotations

import importlib
import pkgutil

from django.urls import URLPattern, URLResolver, get_resolver

import tests.browser
from tests.browser.pages import COVERED

# Namespaces not ours to test page by page, each with the reason.
EXEMPT_NAMESPACES = {
    "admin": "Django's own admin; its pages are Django's and are tested there",
}


def _names(patterns: list, namespace: str | None = None) -> set[str]:
    names: set[str] = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            if ns in EXEMPT_NAMESPACES:
                continue
            names |= _names(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            names.add(f"{namespace}:{p.name}" if namespace else p.name)
    return names


def test_every_url_has_a_browser_test():
    for module in pkgutil.iter_modules(tests.browser.__path__):
        if module.name.startswith("test_"):
            importlib.import_module(f"tests.browser.{module.name}")
    missing = _names(get_resolver().url_patterns) - COVERED
    assert not missing, f"URL patterns without a browser test: {sorted(missing)}"


def test_coverage_check_sees_our_patterns():
    names = _names(get_resolver().url_patterns)
    assert {"core:home", "healthz"} <= names
    assert not any(n.startswith("admin:") for n in names)
