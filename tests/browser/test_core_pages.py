from __future__ import annotations

import pytest

from tests.browser.pages import covers


@covers("core:home", "core:about", "core:accessibility", "core:privacy")
@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize(
    "path", ["/", "/om-projektet/", "/tillganglighet/", "/integritet/"]
)
def test_public_page_passes_axe_in_both_languages(visit, transactional_db, prefix, path):
    page = visit.open(prefix + path)
    assert page.locator("html").get_attribute("lang") == ("en" if prefix else "sv")
    assert page.locator("main h1").count() == 1
