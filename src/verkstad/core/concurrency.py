"""Hold ordinary requests to a few at a time while live streams wait in their own threads.

``verkstad serve`` gives each WSGI worker enough blocking threads for every open live
stream (server-sent events hold a thread each, asleep) plus ``VERKSTAD_WEB_THREADS`` for
pages. Without a gate, a burst of page requests would then run on dozens of threads at once
and fight over the GIL; with it, at most ``limit`` pages run at a time, as before live
sessions existed. Streams (paths ending in :data:`STREAM_SUFFIX`) pass the gate.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

STREAM_SUFFIX = "/strom/"

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def page_gate(app: WSGIApp, limit: int) -> WSGIApp:
    """Wrap ``app`` so at most ``limit`` non-stream requests run at once (0: no gate)."""
    if limit <= 0:
        return app
    gate = threading.BoundedSemaphore(limit)

    def gated(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO", "").endswith(STREAM_SUFFIX):
            return app(environ, start_response)
        with gate:
            result = app(environ, start_response)
            # Django's ordinary responses are already rendered; read them while gated.
            if isinstance(result, list):
                return result
            body = list(result)
            close = getattr(result, "close", None)
            if close is not None:
                close()
            return body

    return gated
