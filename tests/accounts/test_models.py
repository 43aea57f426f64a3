from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from verkstad.accounts.models import (
    SWEDISH_COUNTY_CODES,
    Consent,
    ConsentPurpose,
    Organisation,
    validate_county_code,
)


def test_there_are_21_counties():
    assert len(SWEDISH_COUNTY_CODES) == 21


@pytest.mark.parametrize("code", ["0114", "0180", "1980", "2081", "2584", "1280", "0381"])
def test_real_municipality_codes_pass(code):
    Organisation(name="X", actor_type="kommun", municipality_code=code).full_clean(
        validate_unique=False, validate_constraints=False
    )


@pytest.mark.parametrize("code", ["0214", "1114", "1580", "1680", "2681", "9999", "0000"])
def test_codes_outside_the_counties_are_refused(code):
    with pytest.raises(ValidationError) as error:
        Organisation(name="X", actor_type="kommun", municipality_code=code).full_clean(
            validate_unique=False, validate_constraints=False
        )
    assert [e.code for e in error.value.error_dict["municipality_code"]] == ["unknown_county"]


@pytest.mark.parametrize("code", ["20811", "abcd", "208"])
def test_malformed_codes_get_one_message(code):
    with pytest.raises(ValidationError) as error:
        Organisation(name="X", actor_type="kommun", municipality_code=code).full_clean(
            validate_unique=False, validate_constraints=False
        )
    messages = error.value.message_dict["municipality_code"]
    assert not any("county" in m for m in messages)


def test_an_empty_code_is_allowed():
    Organisation(name="X", actor_type="annan", municipality_code="").full_clean(
        validate_unique=False, validate_constraints=False
    )
    validate_county_code("")


def test_only_some_consents_can_be_withdrawn():
    assert Consent(purpose=ConsentPurpose.DECLARED_ROLE).can_withdraw
    assert not Consent(purpose=ConsentPurpose.PRIVACY_NOTICE).can_withdraw
