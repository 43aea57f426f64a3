"""The evidence-strength rubric (1–5), as shown on the public rubric page.

The English texts are the rubric table in ``docs/knowledge.md`` word for word
(``tests/knowledge/test_rubric.py`` keeps the two the same); the Swedish ones come
from the translation catalogue like every other text on the site.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from verkstad.knowledge.models import VerificationStatus


@dataclass(frozen=True)
class RubricLevel:
    score: int
    meaning: Promise


RUBRIC: tuple[RubricLevel, ...] = (
    RubricLevel(
        5,
        _("Consistent results from several independent studies, read in the primary sources."),
    ),
    RubricLevel(
        4,
        _(
            "One peer-reviewed study or official statistics, with the result read in a "
            "primary source (at least its abstract)."
        ),
    ),
    RubricLevel(
        3,
        _(
            "A qualitative study across several organisations (interviews at several firms, "
            "workshops with several firms), with the result confirmed on a primary or official "
            "page (project page, funder's report), full text not read."
        ),
    ),
    RubricLevel(
        2,
        _(
            "A result known only from a secondary summary (trade press, aggregator), a single "
            "case study, or a project's own account of its workshops."
        ),
    ),
    RubricLevel(
        1,
        _(
            "No result seen: inferred from a title or a study design, or a framing statement "
            "on a project page."
        ),
    ),
)

MAX_STRENGTH = 5

#: What each verification badge means, in the order the rubric page lists them.
VERIFICATION_MEANINGS: tuple[tuple[str, Promise], ...] = (
    (
        VerificationStatus.VERIFIED,
        _("We have read the result in the publication itself or on an official page."),
    ),
    (
        VerificationStatus.SECONDARY,
        _(
            "We have seen the result only in someone else's summary, such as trade press. "
            "The original may say something different."
        ),
    ),
    (
        VerificationStatus.UNVERIFIED,
        _(
            "We have not been able to check the result in the original source. Read it as "
            "an open question."
        ),
    ),
)
