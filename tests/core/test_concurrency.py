"""The page gate: a few pages at a time, and a few database connections per worker."""

from __future__ import annotations

import threading

from django.db import connections

from verkstad.core.concurrency import page_gate


def test_pages_share_the_gates_connections_however_many_threads_serve_them() -> None:
    seen: set[int] = set()
    running = 0
    most = 0
    lock = threading.Lock()

    def app(environ, start_response):
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
            seen.add(id(connections["default"]))
        threading.Event().wait(0.01)
        with lock:
            running -= 1
        start_response("200 OK", [])
        return [b"ok"]

    gated = page_gate(app, 2)
    threads = [
        threading.Thread(target=gated, args=({"PATH_INFO": "/"}, lambda *a: None))
        for _ in range(12)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most <= 2
    assert len(seen) <= 2


def test_a_stream_uses_a_slot_for_its_view_only() -> None:
    own = id(connections["default"])
    used = []
    sent = []

    def body():
        sent.append(id(connections["default"]))
        yield b"event"

    def app(environ, start_response):
        used.append(id(connections["default"]))
        return body()

    gated = page_gate(app, 1)
    stream = gated({"PATH_INFO": "/delta/ABCDEF/strom/"}, lambda *a: None)
    assert used[0] != own
    assert list(stream) == [b"event"]
    # The stream is sent on the thread's own connection, and the slot is free meanwhile.
    assert sent == [own]
    gated({"PATH_INFO": "/"}, lambda *a: None)
    assert used[1] == used[0]
    assert id(connections["default"]) == own
