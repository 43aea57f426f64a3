"""Template context every page needs: the language switch."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language


def language_switch(request: HttpRequest) -> dict[str, object]:
    """Links to this same page in each of the other languages."""
    current = get_language()
    path = request.get_full_path()
    others = [
        {"code": code, "url": translate_url(path, code)}
        for code, _name in settings.LANGUAGES
        if code != current
    ]
    return {"language_switch": others}


def site(request: HttpRequest) -> dict[str, object]:
    """Operator settings that pages show: where to write to us."""
    return {"contact_email": settings.VERKSTAD_CONTACT_EMAIL}
