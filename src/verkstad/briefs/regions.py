"""Which region a brief is for: a county (two digits) or a municipality in it (four).

No Django models here; the county list is insight's reference list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from verkstad.insight.reference import COUNTY_NAMES_SV

_COUNTY = re.compile(r"^\d{2}$")
_MUNICIPALITY = re.compile(r"^\d{4}$")

#: Brief languages, whatever the language of the site's interface.
LANGUAGES = ("sv", "en")


@dataclass(frozen=True)
class BriefRegion:
    county: str
    municipality: str = ""

    @property
    def code(self) -> str:
        """The path segment: ``20`` for a county, ``2081`` for a municipality."""
        return self.municipality or self.county


def region_parse(code: str) -> BriefRegion | None:
    """``20`` → county 20; ``2081`` → municipality 2081 in county 20; anything else None.

    A municipality code is checked by its form and its county prefix only (SCB's list of
    municipalities is not bundled).
    """
    if _COUNTY.match(code) and code in COUNTY_NAMES_SV:
        return BriefRegion(county=code)
    if _MUNICIPALITY.match(code) and code[:2] in COUNTY_NAMES_SV and code[2:] != "00":
        return BriefRegion(county=code[:2], municipality=code)
    return None
