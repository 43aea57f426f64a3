"""With REDIS_URL set, the cache is Redis and really stores values there."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from tests.core.test_settings import _clean_env, _python

REDIS_URL = os.environ.get("VERKSTAD_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def test_the_cache_uses_redis_when_redis_url_is_set(tmp_path: Path) -> None:
    if not _redis_answers():
        if os.environ.get("CI"):
            pytest.fail("Redis does not answer on 127.0.0.1:6379 (CI starts it)")
        pytest.skip("no Redis on 127.0.0.1:6379 on this machine; CI runs this test")
    result = _python(
        """
        import django, uuid
        django.setup()
        from django.core.cache import caches
        cache = caches["default"]
        key = "verkstad-test-" + uuid.uuid4().hex
        cache.set(key, "åäö", 30)
        print(type(cache).__name__, cache.get(key))
        cache.delete(key)
        """,
        _clean_env(tmp_path, REDIS_URL=REDIS_URL, DJANGO_SETTINGS_MODULE="verkstad.settings"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["RedisCache", "åäö"]
