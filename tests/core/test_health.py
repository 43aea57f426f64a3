"""/healthz (the process answers) and /readyz (database reachable, migrations applied)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.test import Client


def test_healthz_answers_json_without_touching_the_database(client: Client) -> None:
    # No django_db mark: pytest-django fails any database access here.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_ready_when_the_database_answers_and_is_migrated(client: Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok"},
    }


@pytest.mark.django_db(transaction=True)
def test_readyz_is_unavailable_while_a_migration_is_unapplied(client: Client) -> None:
    # Really unapply one: the sessions app's tables go, its migration is pending.
    call_command("migrate", "sessions", "zero", verbosity=0)
    try:
        response = client.get("/readyz")
    finally:
        call_command("migrate", "sessions", verbosity=0)
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "migrations": "1 unapplied"},
    }
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_is_unavailable_when_the_database_is_unreachable(client: Client) -> None:
    with mock.patch(
        "verkstad.core.views.connection.cursor", side_effect=OperationalError("refused")
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "unreachable"}}
