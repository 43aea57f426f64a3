"""Playwright against a live server, driving Debian's chromium; axe-core from vendor/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM would
# refuse to run beside it. The live server handles requests in its own thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("VERKSTAD_CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make test does).")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "locale": "sv-SE", "timezone_id": "Europe/Stockholm"}


@pytest.fixture
def visit(page, live_server):
    from django.db import connections

    from tests.browser.pages import PageVisit
    from verkstad.workshops.live.hub import HUB, THREAD_CONNECTIONS

    # The live-update ticker shares the tests' in-memory database connection, as the live
    # server's threads do.
    shared = [c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()]
    for conn in shared:
        conn.inc_thread_sharing()
        THREAD_CONNECTIONS[conn.alias] = conn
    yield PageVisit(page, live_server.url)
    # Live-update streams must not outlive the test (the live server outlives it): end them
    # before the test's data goes, so the hub has nothing left to render.
    HUB.close_all()
    for conn in shared:
        THREAD_CONNECTIONS.pop(conn.alias, None)
        conn.dec_thread_sharing()
