"""Hold ordinary requests to a few at a time while live streams wait in their own threads.

``verkstad serve`` gives each WSGI worker enough blocking threads for every open live
stream (server-sent events hold a thread each, asleep) plus ``VERKSTAD_WEB_THREADS`` for
pages. Without a gate, a burst of page requests would then run on dozens of threads at once
and fight over the GIL; with it, at most ``limit`` pages run at a time, as before live
sessions existed. A stream (a path ending in :data:`STREAM_SUFFIX`) waits at the gate only
while its view runs, not while it is sent.

Django keeps one database connection per thread (for ``CONN_MAX_AGE`` seconds). Spread
over a thousand threads, that would be a thousand connections per worker, far past
PostgreSQL's ``max_connections``. So the gate has ``limit`` *slots*, each with its own set
of database connections: a page borrows a slot's connections for as long as it runs, and a
worker holds at most ``limit`` persistent connections however many threads it has. (A
stream's view uses the slot's; :mod:`verkstad.workshops.live.hub` also closes the thread's
own before it starts waiting, in case one was opened.)
"""

from __future__ import annotations

import queue
from collections.abc import Callable, Iterable
from typing import Any

STREAM_SUFFIX = "/strom/"

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
#: A slot: database alias → the connection (DatabaseWrapper) pages in this slot use.
Slot = dict[str, Any]


def _borrow(slot: Slot) -> dict[str, Any]:
    """Make this thread use ``slot``'s connections; return what it used before."""
    from django.db import connections

    previous = {}
    for alias in connections:
        previous[alias] = getattr(connections._connections, alias, None)
        wrapper = slot.get(alias)
        if wrapper is None:
            wrapper = connections.create_connection(alias)
            # Used by one thread at a time (the slot's holder), but by many in turn.
            wrapper.inc_thread_sharing()
            slot[alias] = wrapper
        connections[alias] = wrapper
    return previous


def _give_back(previous: dict[str, Any]) -> None:
    from django.db import connections

    for alias, wrapper in previous.items():
        if wrapper is not None:
            connections[alias] = wrapper
        elif hasattr(connections._connections, alias):
            del connections[alias]


def page_gate(app: WSGIApp, limit: int) -> WSGIApp:
    """Wrap ``app`` so at most ``limit`` non-stream requests run at once (0: no gate)."""
    if limit <= 0:
        return app
    slots: queue.LifoQueue[Slot] = queue.LifoQueue()
    for _ in range(limit):
        slots.put({})

    def gated(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        slot = slots.get()
        previous = _borrow(slot)
        try:
            result = app(environ, start_response)
            if environ.get("PATH_INFO", "").endswith(STREAM_SUFFIX):
                # The view (finding the session and the phone) ran in the slot; the stream
                # itself is sent outside it, for as long as it stays open.
                return result
            # Django's ordinary responses are already rendered; read them while gated
            # (closing the response ends the request, which tidies the slot's connections).
            if isinstance(result, list):
                return result
            body = list(result)
            close = getattr(result, "close", None)
            if close is not None:
                close()
            return body
        finally:
            _give_back(previous)
            slots.put(slot)

    return gated
