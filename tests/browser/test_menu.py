"""The main menu folds behind a button on a phone and opens by keyboard; open on a desktop."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_menu_folds_on_a_phone_and_opens_by_keyboard(visit):
    page = visit.page
    page.set_viewport_size({"width": 360, "height": 740})
    visit.open("/en/")
    toggle = page.locator(".menu-toggle")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#site-menu")).to_be_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#site-menu a[href='/en/kunskap/']")).to_be_visible()
    visit.assert_clean("phone with the menu open")


def test_the_menu_is_open_on_a_desktop(visit):
    page = visit.page
    page.set_viewport_size({"width": 1280, "height": 800})
    visit.open("/")
    expect(page.locator(".menu-toggle")).to_be_hidden()
    expect(page.locator("#site-menu")).to_be_visible()
