from __future__ import annotations

import json

import pytest

from verkstad.accounts import personal_data
from verkstad.accounts.personal_data import (
    personal_data_export,
    personal_data_json,
    register_section,
    registered_sections,
    unregister_section,
)


@pytest.fixture
def temporary_section():
    @register_section("test_widgets")
    def widgets(user):
        return {"widgets": [user.email.upper()]}

    yield widgets
    unregister_section("test_widgets")


def test_accounts_registers_its_own_sections():
    assert registered_sections()[:4] == [
        "profile",
        "memberships",
        "consents",
        "failed_login_attempts",
    ]


def test_another_app_adds_a_section(participant_per, temporary_section):
    export = personal_data_export(user=participant_per)
    assert export["sections"]["test_widgets"] == {"widgets": ["PER@EXAMPLE.SE"]}
    assert json.loads(personal_data_json(user=participant_per))["format_version"] == 1


def test_a_name_is_registered_once(temporary_section):
    with pytest.raises(ValueError, match="already registered"):
        register_section("test_widgets")(lambda user: {})


def test_the_module_documents_the_registry():
    doc = personal_data.__doc__ or ""
    assert "register_section" in doc
    assert "account_erasing" in doc
