"""The browser harness itself must be able to fail: axe and the CSP watch catch real faults."""

from __future__ import annotations

from tests.browser.pages import axe_violations


def test_axe_reports_an_unlabelled_field(page):
    page.set_content(
        '<!doctype html><html lang="sv"><head><title>t</title></head>'
        '<body><main><h1>t</h1><input type="text"></main></body></html>'
    )
    ids = {v["id"] for v in axe_violations(page)}
    assert "label" in ids


def test_csp_blocks_and_reports_an_inline_style(visit, transactional_db, live_server):
    visit.page.goto(live_server.url + "/")
    visit.page.evaluate(
        "() => { const s = document.createElement('style');"
        " s.textContent = 'body{color:red}'; document.head.appendChild(s); }"
    )
    visit.page.wait_for_timeout(100)
    assert any("Content Security Policy" in e for e in visit.console_errors)
