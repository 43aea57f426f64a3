"""The settings module: typed environment helpers, production guards, SQLite tuning."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from verkstad import settings as verkstad_settings

# --- the helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("Yes", True), ("on", True), ("0", False), ("off", False)],
)
def test_env_bool_reads_the_usual_spellings(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv("VERKSTAD_TEST_FLAG", raw)
    assert verkstad_settings.env_bool("VERKSTAD_TEST_FLAG") is expected


def test_env_bool_uses_the_default_when_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VERKSTAD_TEST_FLAG", raising=False)
    assert verkstad_settings.env_bool("VERKSTAD_TEST_FLAG", True) is True


@pytest.mark.parametrize("raw", ["maybe", "2", "ja"])
def test_env_bool_refuses_anything_else(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("VERKSTAD_TEST_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="VERKSTAD_TEST_FLAG must be a boolean"):
        verkstad_settings.env_bool("VERKSTAD_TEST_FLAG")


def test_env_int_reads_integers_and_refuses_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERKSTAD_TEST_NUMBER", "42")
    assert verkstad_settings.env_int("VERKSTAD_TEST_NUMBER", 1) == 42
    monkeypatch.setenv("VERKSTAD_TEST_NUMBER", "")
    assert verkstad_settings.env_int("VERKSTAD_TEST_NUMBER", 7) == 7
    monkeypatch.setenv("VERKSTAD_TEST_NUMBER", "fyrtio")
    with pytest.raises(ImproperlyConfigured, match="VERKSTAD_TEST_NUMBER must be an integer"):
        verkstad_settings.env_int("VERKSTAD_TEST_NUMBER", 1)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERKSTAD_TEST_LIST", " a.example, ,b.example ,")
    assert verkstad_settings.env_list("VERKSTAD_TEST_LIST", []) == ["a.example", "b.example"]
    monkeypatch.delenv("VERKSTAD_TEST_LIST")
    assert verkstad_settings.env_list("VERKSTAD_TEST_LIST", ["x"]) == ["x"]


# --- importing the settings with a given environment -----------------------------------------


def _clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The test process's environment minus everything the settings read, plus ``extra``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("VERKSTAD_", "EMAIL_", "DJANGO_"))
        and key
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "SECRET_KEY",
            "DEBUG",
            "ALLOWED_HOSTS",
            "CSRF_TRUSTED_ORIGINS",
            "DEFAULT_FROM_EMAIL",
        }
    }
    env["VERKSTAD_VAR_DIR"] = str(tmp_path)
    env.update(extra)
    return env


def _python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _import_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return _python("import verkstad.settings", env)


def test_development_settings_import_with_no_environment_at_all(tmp_path: Path) -> None:
    result = _import_settings(_clean_env(tmp_path))
    assert result.returncode == 0, result.stderr
    # A development secret key is made once per var/ directory, readable by its owner only.
    key_file = tmp_path / "secret_key"
    assert key_file.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "verkstad.example"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS must be set"),
        (
            {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "verkstad.example", "DEBUG": "1"},
            "DEBUG must be off",
        ),
    ],
)
def test_production_refuses_to_start_without_its_essentials(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    result = _import_settings(_clean_env(tmp_path, VERKSTAD_ENV="production", **env))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"VERKSTAD_ENV": "staging"}, "VERKSTAD_ENV must be development or production"),
        ({"DEBUG": "kanske"}, "DEBUG must be a boolean"),
        ({"EMAIL_PORT": "smtp"}, "EMAIL_PORT must be an integer"),
        ({"DATABASE_URL": "nosuchdb://x"}, "DATABASE_URL is not a database URL"),
    ],
)
def test_bad_values_fail_at_startup(tmp_path: Path, env: dict[str, str], message: str) -> None:
    result = _import_settings(_clean_env(tmp_path, **env))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_production_with_its_essentials_is_secure(tmp_path: Path) -> None:
    env = _clean_env(
        tmp_path,
        VERKSTAD_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="verkstad.example",
    )
    result = _python(
        """
        from verkstad import settings as s
        print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,
              s.SECURE_HSTS_SECONDS >= 31536000, s.STORAGES["staticfiles"]["BACKEND"])
        """,
        env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "True",
        "True",
        "True",
        "True",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]


# --- SQLite: WAL and writers that wait ------------------------------------------------------


def test_a_file_database_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    result = _python(
        """
        import django
        django.setup()
        from django.db import connection
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            print(cursor.fetchone()[0])
            cursor.execute("PRAGMA busy_timeout")
            print(cursor.fetchone()[0])
        print(connection.settings_dict["NAME"])
        """,
        _clean_env(tmp_path, DJANGO_SETTINGS_MODULE="verkstad.settings"),
    )
    assert result.returncode == 0, result.stderr
    journal_mode, busy_timeout, name = result.stdout.split()
    assert journal_mode == "wal"
    assert int(busy_timeout) >= 5000
    assert Path(name) == tmp_path / "verkstad.sqlite3"
    # WAL is recorded in the file itself: header bytes 18 and 19 (read and write version) are 2.
    assert (tmp_path / "verkstad.sqlite3").read_bytes()[18:20] == b"\x02\x02"


# Two threads, each with its own connection: A holds the write lock for a second while B
# reads and then writes in one transaction. With BEGIN IMMEDIATE and the busy timeout B
# waits its turn; with SQLite's default deferred transactions B's read snapshot goes stale
# and its write fails at once with "database is locked".
CONCURRENT_WRITERS = """
import threading, time
import django
django.setup()
from django.db import connection, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE tally (writer TEXT)")

a_holds_lock = threading.Event()
errors = []
waited = []

def writer_a():
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO tally VALUES ('a')")
            a_holds_lock.set()
            time.sleep(1.0)
    except Exception as exc:
        errors.append(f"a: {exc}")
        a_holds_lock.set()
    finally:
        connection.close()

def writer_b():
    a_holds_lock.wait()
    started = time.monotonic()
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM tally")
                cursor.execute("INSERT INTO tally VALUES ('b')")
    except Exception as exc:
        errors.append(f"b: {exc}")
    finally:
        waited.append(time.monotonic() - started)
        connection.close()

threads = [threading.Thread(target=writer_a), threading.Thread(target=writer_b)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT writer FROM tally ORDER BY writer")
    rows = [row[0] for row in cursor.fetchall()]
print(rows, errors, round(waited[0], 2))
"""


def test_two_concurrent_writers_wait_instead_of_failing(tmp_path: Path) -> None:
    result = _python(
        CONCURRENT_WRITERS, _clean_env(tmp_path, DJANGO_SETTINGS_MODULE="verkstad.settings")
    )
    assert result.returncode == 0, result.stderr
    outcome, waited = result.stdout.strip().rsplit(" ", 1)
    assert outcome == "['a', 'b'] []", result.stdout
    assert float(waited) >= 0.5, f"B did not wait for A's lock ({waited} s)"
