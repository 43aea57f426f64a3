"""Fan-out of live updates: many open event streams, one render per view and tick.

Each server process has one :class:`Hub`. Event streams (:func:`stream`) register a *feed*
``(session id, view, language)`` and wait on a condition. A single ticker thread renders each
watched feed when its session changed (at most every :data:`TICK` seconds, so a storm of
votes becomes a few renders per second) and wakes the streams, which all send the same bytes.

A change made in this process pokes the hub directly. With ``REDIS_URL`` set, every change
is also published on Redis and each process subscribes, so phones connected to another
server process hear of it within a tick. Without Redis (the single-process demo) a feed is
re-rendered every :data:`REFRESH` seconds as well, which also covers several processes
sharing one database.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, connections

log = logging.getLogger(__name__)

#: Shortest time between two renders of one feed (seconds): caps renders at 4 per second.
TICK = 0.25
#: Re-render a watched feed at least this often even without a poke (seconds).
REFRESH = 0.5
REFRESH_WITH_REDIS = 3.0
#: A comment line this often keeps proxies and browsers from dropping an idle stream.
HEARTBEAT = 15.0
CHANNEL = "verkstad:live"
#: How long a browser waits before reconnecting a broken stream (ms). A thousand phones wait
#: 2 s, so a restarted server process is not met by all of them at once; the projector and
#: the facilitator's page, one browser each, come back after RETRY_SCREEN_MS.
RETRY_MS = 2000
RETRY_SCREEN_MS = 500

Key = tuple[int, str, str]  # (session id, view[:variant], language)
#: alias → connection for the ticker thread to use instead of opening its own. Tests on an
#: in-memory SQLite database hand it theirs, as Django's live server does for its threads;
#: a second connection to that database would fight the tests over table locks.
THREAD_CONNECTIONS: dict[str, Any] = {}
#: view name → function(session id, language[, variant]) → payload dict, or None when the
#: session is gone. A view ``"phone:3"`` calls the ``phone`` renderer with variant ``"3"``.
RENDERERS: dict[str, Callable[..., dict[str, Any] | None]] = {}


@dataclass
class _Feed:
    payload: bytes = b""
    seq: int = 0
    listeners: int = 0
    rendered_at: float = 0.0
    idle_since: float = 0.0
    #: Wakes this feed's streams only: a vote that changes the projector's feed must not
    #: wake the thousand phone streams of the same room (each would take the GIL for nothing).
    changed: threading.Condition = field(default_factory=threading.Condition)


def _event(payload: dict[str, Any]) -> bytes:
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return f"event: update\ndata: {data}\n\n".encode()


GONE = b"event: gone\ndata: {}\n\n"


class Hub:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._feeds: dict[Key, _Feed] = {}
        self._dirty: set[int] = set()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._redis_thread: threading.Thread | None = None

    # -- producers ------------------------------------------------------------------

    def poke(self, session_id: int) -> None:
        with self._cond:
            self._dirty.add(session_id)
        self._wake.set()

    # -- consumers ------------------------------------------------------------------

    def stream(
        self,
        key: Key,
        *,
        lifetime: float = 600.0,
        heartbeat: float = HEARTBEAT,
        retry_ms: int = RETRY_MS,
    ) -> Iterator[bytes]:
        """Yield server-sent events for ``key`` until ``lifetime`` is over or the session ends.

        The first event is the current state; later ones come only when it changed.
        """
        # The view looked up the session and the phone; a stream that stays open for minutes
        # must not keep that database connection (a thousand phones, a hundred connections).
        _release_connection()
        self._ensure_threads()
        with self._cond:
            feed = self._feeds.setdefault(key, _Feed())
            feed.listeners += 1
            if not feed.seq:
                self._dirty.add(key[0])
        self._wake.set()
        seen = 0
        deadline = time.monotonic() + lifetime
        try:
            # How long the browser waits before it reconnects a broken stream.
            yield f"retry: {retry_ms}\n\n".encode()
            while time.monotonic() < deadline:
                with feed.changed:
                    feed.changed.wait_for(lambda last=seen: feed.seq != last, timeout=heartbeat)
                    changed = feed.seq != seen
                    seen, payload = feed.seq, feed.payload
                if not changed:
                    yield b": keep-alive\n\n"
                    continue
                yield payload
                if payload == GONE:
                    return
        finally:
            with self._cond:
                feed.listeners -= 1
                if not feed.listeners:
                    feed.idle_since = time.monotonic()

    def close_all(self) -> None:
        """End every open stream (the browser reconnects) and forget every feed.

        For a server shutting down, and for tests, whose streams must not outlive them.
        """
        with self._cond:
            feeds, self._feeds = list(self._feeds.values()), {}
            self._dirty.clear()
        for feed in feeds:
            with feed.changed:
                feed.payload = GONE
                feed.seq += 1
                feed.changed.notify_all()

    def listeners(self) -> int:
        with self._cond:
            return sum(f.listeners for f in self._feeds.values())

    # -- the ticker ----------------------------------------------------------------

    def _ensure_threads(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        with self._cond:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="live-hub", daemon=True)
                self._thread.start()
            if redis_url() and (self._redis_thread is None or not self._redis_thread.is_alive()):
                self._redis_thread = threading.Thread(
                    target=self._listen_redis, name="live-hub-redis", daemon=True
                )
                self._redis_thread.start()

    def _run(self) -> None:
        refresh = REFRESH_WITH_REDIS if redis_url() else REFRESH
        failed_at = -60.0
        for alias, shared in THREAD_CONNECTIONS.items():
            connections[alias] = shared
        while True:
            self._wake.wait(timeout=TICK)
            self._wake.clear()
            try:
                self.render_due(refresh)
            except Exception as exc:  # never let one bad render stop every stream
                # The whole traceback once a minute at most: a broken feed retries 2-4 times
                # a second, and a log full of the same traceback helps nobody.
                now = time.monotonic()
                if now - failed_at > 60:
                    failed_at = now
                    log.exception("Live update render failed")
                else:
                    log.warning("Live update render failed again: %s", exc)
                try:
                    connection.close()
                except Exception:  # a connection this thread may not close: leave it
                    log.warning("Live updates: could not close the database connection")
            time.sleep(TICK)

    def render_due(self, refresh: float = REFRESH) -> int:
        """Render every watched feed whose session changed or is due; returns renders done."""
        now = time.monotonic()
        with self._cond:
            dirty, self._dirty = self._dirty, set()
            due = [
                (key, feed)
                for key, feed in self._feeds.items()
                if feed.listeners and (key[0] in dirty or now - feed.rendered_at >= refresh)
            ]
            for key in [k for k, f in self._feeds.items() if not f.listeners]:
                if now - self._feeds[key].idle_since > 60:
                    del self._feeds[key]
        if not due:
            return 0
        close_old_connections()
        rendered = 0
        failed: Exception | None = None
        for key, feed in due:
            try:
                payload = _render(key)
            except Exception as exc:  # one broken feed must not hold the others back
                failed = failed or exc
                continue
            rendered += 1
            feed.rendered_at = now
            with feed.changed:
                if payload != feed.payload:
                    feed.payload = payload
                    feed.seq += 1
                    feed.changed.notify_all()
        if failed is not None:
            raise failed
        return rendered

    def _listen_redis(self) -> None:
        import redis

        backoff = 0.5
        while True:
            try:
                client = redis.Redis.from_url(redis_url())
                pubsub = client.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(CHANNEL)
                backoff = 0.5
                for message in pubsub.listen():
                    try:
                        self.poke(int(message["data"]))
                    except (TypeError, ValueError):
                        continue
            except Exception:
                log.warning("Live updates: Redis subscription lost; retrying", exc_info=True)
                # Until Redis is back, the refresh timer still keeps the streams current.
                time.sleep(backoff)
                backoff = min(backoff * 2, 10.0)


def _render(key: Key) -> bytes:
    from django.utils import translation

    session_id, view, language = key
    # "phone:3": the phone renderer for the phones of group 3.
    name, _sep, variant = view.partition(":")
    with translation.override(language):
        args = (session_id, language, variant) if variant else (session_id, language)
        payload = RENDERERS[name](*args)
    return GONE if payload is None else _event(payload)


def _release_connection() -> None:
    """Close this thread's database connection (unless a test holds it in a transaction)."""
    if not connection.in_atomic_block:
        connection.close()


def redis_url() -> str:
    return getattr(settings, "REDIS_URL", "") or ""


_publisher: Any = None
_publisher_lock = threading.Lock()


def _redis_publish(session_id: int) -> None:
    global _publisher
    try:
        if _publisher is None:
            import redis

            with _publisher_lock:
                if _publisher is None:
                    _publisher = redis.Redis.from_url(
                        redis_url(), socket_timeout=0.5, socket_connect_timeout=0.5
                    )
        _publisher.publish(CHANNEL, session_id)
    except Exception:
        # The periodic refresh still delivers the change, a little later.
        log.warning("Live updates: could not publish on Redis", exc_info=True)


HUB = Hub()


def publish(session_id: int) -> None:
    """Tell every process that ``session_id`` changed (call after the change is committed)."""
    HUB.poke(session_id)
    if redis_url():
        _redis_publish(session_id)


# An answer is committed by the time it is published; the name says it may be batched.
publish_soon = publish


def stream(key: Key, **kwargs: Any) -> Iterator[bytes]:
    return HUB.stream(key, **kwargs)
