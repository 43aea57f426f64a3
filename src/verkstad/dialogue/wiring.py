"""Where the dialogue app plugs into the rest of Verkstad (called from ``AppConfig.ready``).

Each part of the app adds its own hook-up function to ``CONNECTORS``; keeping them here keeps
``apps.py`` free of imports that need the app registry.
"""

from __future__ import annotations

from collections.abc import Callable

CONNECTORS: list[Callable[[], None]] = []


def connect() -> None:
    for connector in CONNECTORS:
        connector()


def _connect_participation() -> None:
    from verkstad.dialogue import privacy

    privacy.connect()


CONNECTORS.append(_connect_participation)


def _connect_search() -> None:
    from verkstad.dialogue.search_source import register_statements

    register_statements()


CONNECTORS.append(_connect_search)
