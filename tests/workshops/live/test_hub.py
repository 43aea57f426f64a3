"""The live fan-out: one render per feed, streams woken only by their own feed."""

from __future__ import annotations

import pytest
from django.db import connection

from verkstad.workshops.live import hub


@pytest.fixture
def renders(monkeypatch, settings):
    """A fake view ``test`` whose payload is ``{"n": state[session id]}``."""
    settings.REDIS_URL = ""
    state: dict[int, int] = {1: 0, 2: 0}
    monkeypatch.setitem(
        hub.RENDERERS, "test", lambda session_id, language: {"n": state[session_id]}
    )
    return state


def test_a_change_reaches_the_streams_of_its_session_only(renders):
    room = hub.Hub()
    one = room.stream((1, "test", "sv"), heartbeat=0.3)
    two = room.stream((2, "test", "sv"), heartbeat=0.3)
    assert next(one) == next(two) == b"retry: 2000\n\n"
    assert b'"n":0' in next(one)
    assert b'"n":0' in next(two)
    renders[1] = 1
    room.poke(1)
    assert b'"n":1' in next(one)
    assert next(two) == b": keep-alive\n\n"
    one.close()
    two.close()
    assert room.listeners() == 0


def test_the_stream_tells_the_browser_when_to_reconnect(renders):
    room = hub.Hub()
    phone = room.stream((1, "test", "sv"))
    screen = room.stream((1, "test", "sv"), retry_ms=hub.RETRY_SCREEN_MS)
    assert next(phone) == b"retry: 2000\n\n"
    assert next(screen) == b"retry: 500\n\n"
    phone.close()
    screen.close()


def test_an_open_stream_gives_its_database_connection_back(renders, monkeypatch):
    closed = []
    monkeypatch.setattr(connection, "close", lambda: closed.append(True))
    stream = hub.Hub().stream((1, "test", "sv"), heartbeat=0.3)
    next(stream)
    assert closed
    stream.close()


def test_a_feed_that_fails_to_render_does_not_hold_the_others_back(renders, monkeypatch):
    def broken(session_id, language):
        raise RuntimeError("this feed is broken")

    monkeypatch.setitem(hub.RENDERERS, "broken", broken)
    # The renders here touch no database; the ticker's own connection upkeep is not tested.
    monkeypatch.setattr(hub, "close_old_connections", lambda: None)
    room = hub.Hub()
    bad = room.stream((1, "broken", "sv"), heartbeat=0.3)
    good = room.stream((1, "test", "sv"), heartbeat=0.3)
    next(bad)  # each stream registers its feed before its first line
    next(good)
    # The broken feed is first in line: the one after it is rendered all the same.
    with pytest.raises(RuntimeError, match="broken"):
        room.render_due()
    assert room._feeds[(1, "test", "sv")].payload.startswith(b"event: update")
    bad.close()
    good.close()
    room.close_all()  # its ticker thread must not go on rendering the broken feed
