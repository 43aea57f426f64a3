"""The Swedish catalogue is complete, not fuzzy, current with the code, and compiled."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

import verkstad

PACKAGE = Path(verkstad.__file__).parent
PO = PACKAGE / "locale" / "sv" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _entries(po: polib.POFile) -> dict[tuple[str | None, str], polib.POEntry]:
    return {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}


def test_every_swedish_string_is_translated_and_not_fuzzy():
    po = polib.pofile(str(PO))
    untranslated = [e.msgid for e in po.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


def test_compiled_catalogue_matches_the_po_file():
    po = {k: e.msgstr or e.msgstr_plural for k, e in _entries(polib.pofile(str(PO))).items()}
    mo = {k: e.msgstr or e.msgstr_plural for k, e in _entries(polib.mofile(str(MO))).items()}
    po.pop((None, ""), None)
    mo.pop((None, ""), None)
    assert po == mo, "run `make messages` to recompile django.mo"


def test_catalogue_is_current_with_the_code(tmp_path, settings, monkeypatch):
    if not shutil.which("xgettext"):
        pytest.fail("xgettext is missing: install Debian's gettext (make test does)")
    source = tmp_path / "verkstad"
    shutil.copytree(
        PACKAGE,
        source,
        ignore=shutil.ignore_patterns("locale", "static", "__pycache__", "migrations"),
    )
    locale = tmp_path / "locale"
    locale.mkdir()
    settings.LOCALE_PATHS = [locale]
    monkeypatch.chdir(source)
    call_command("makemessages", locale=["sv"], no_location=True, verbosity=0)
    fresh = set(_entries(polib.pofile(str(locale / "sv" / "LC_MESSAGES" / "django.po"))))
    committed = set(_entries(polib.pofile(str(PO))))
    fresh.discard((None, ""))
    committed.discard((None, ""))
    assert fresh - committed == set(), "strings in the code missing from django.po"
    assert committed - fresh == set(), "stale strings in django.po (run make messages)"
