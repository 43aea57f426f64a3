"""``verkstad serve``: the production server (granian) with task workers beside it."""

from __future__ import annotations

import signal
import sys
from typing import Any

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from verkstad.core.management.supervisor import INTERFACES, ServePlan, serve
from verkstad.settings import env_int, env_str


def pending_migrations(database: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Return ``app.migration`` for every migration not yet applied to ``database``."""
    connection = connections[database]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def missing_static_manifest() -> bool:
    """True when hashed static files are configured but ``collectstatic`` never ran."""
    manifest_name = getattr(staticfiles_storage, "manifest_name", None)
    return manifest_name is not None and not staticfiles_storage.exists(manifest_name)


def _workers_from_env(name: str, default: int, minimum: int) -> int:
    try:
        value = env_int(name, default)
    except ImproperlyConfigured as exc:
        raise CommandError(str(exc)) from exc
    if value < minimum:
        raise CommandError(f"{name} must be at least {minimum}, not {value}.")
    return value


class Command(BaseCommand):
    help = (
        "Serve Verkstad in production: granian on the WSGI (default) or ASGI application, "
        "with django-tasks-db workers (db_worker) beside it. Ctrl-C or SIGTERM stops all."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to bind to.")
        parser.add_argument("--port", type=int, default=8000, help="Port to bind to.")
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Granian worker processes (default: VERKSTAD_WEB_WORKERS, else 1).",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=None,
            help="Blocking threads per WSGI worker (default: VERKSTAD_WEB_THREADS, else 4).",
        )
        parser.add_argument(
            "--interface",
            choices=INTERFACES,
            default=None,
            help="wsgi or asgi (default: VERKSTAD_WEB_INTERFACE, else wsgi).",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Start no task worker (run `verkstad db_worker` elsewhere).",
        )
        parser.add_argument(
            "--grace",
            type=float,
            default=30.0,
            help="Seconds each child may take to stop before it is killed (default 30).",
        )
        parser.add_argument(
            "--access-log", action="store_true", help="Log every request granian serves."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        web_workers = options["workers"]
        if web_workers is None:
            web_workers = _workers_from_env("VERKSTAD_WEB_WORKERS", 1, minimum=1)
        elif web_workers < 1:
            raise CommandError("--workers must be at least 1.")
        threads = options["threads"]
        if threads is None:
            threads = _workers_from_env("VERKSTAD_WEB_THREADS", 4, minimum=1)
        elif threads < 1:
            raise CommandError("--threads must be at least 1.")
        interface = options["interface"] or env_str("VERKSTAD_WEB_INTERFACE", "wsgi")
        if interface not in INTERFACES:
            raise CommandError(
                f"VERKSTAD_WEB_INTERFACE must be one of {', '.join(INTERFACES)}, not {interface!r}."
            )
        try:
            live_streams = env_int("VERKSTAD_LIVE_STREAMS", 1200)
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        if live_streams < 0:
            raise CommandError(f"VERKSTAD_LIVE_STREAMS must be at least 0, not {live_streams}.")
        task_workers = (
            0 if options["no_worker"] else _workers_from_env("VERKSTAD_TASK_WORKERS", 1, 0)
        )
        if not 0 < options["port"] < 65536:
            raise CommandError("--port must be between 1 and 65535.")

        pending = pending_migrations()
        if pending:
            shown = ", ".join(pending[:5]) + (" …" if len(pending) > 5 else "")
            raise CommandError(
                f"{len(pending)} migration(s) not applied ({shown}). Run `verkstad migrate` first."
            )
        if missing_static_manifest():
            raise CommandError(
                "Static files are not collected. Run `verkstad collectstatic --noinput` first."
            )
        # The children open their own connections; ours is not needed any more.
        connections.close_all()

        plan = ServePlan(
            host=options["host"],
            port=options["port"],
            web_workers=web_workers,
            interface=interface,
            threads=threads,
            live_streams=live_streams,
            task_workers=task_workers,
            python=sys.executable,
            grace=options["grace"],
            access_log=options["access_log"],
        )
        self.stdout.write(
            f"Serving Verkstad ({interface.upper()}) on http://{plan.host}:{plan.port}/ with "
            f"{web_workers} web worker(s) and {task_workers} task worker(s). Stop with Ctrl-C."
        )
        self.stdout.flush()
        result = serve(plan, log=self._log)
        if not result.ok:
            raise CommandError(
                f"{result.child} exited with status {result.child_status}; "
                "stopped the other processes."
            )
        name = signal.Signals(result.signal).name if result.signal else "signal"
        self.stdout.write(f"Stopped on {name}.")

    def _log(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()
