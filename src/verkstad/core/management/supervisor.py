"""Run the production server and the task workers side by side (``verkstad serve``).

No Django here: the command checks migrations and builds a :class:`ServePlan`; this
module turns the plan into command lines and supervises the child processes. The
children are granian and ``db_worker --no-reload`` processes from django-tasks-db.

Granian serves either interface of the project:

- ``wsgi`` (the default): ``verkstad.wsgi:application`` on ``threads`` blocking
  threads per worker. Every view is synchronous today, and on the 2-core reference
  machine this serves the home page 3-4 times faster than ASGI (docs/benchmarks.md).
- ``asgi``: ``verkstad.asgi:application`` with granian's ``asginl`` interface (ASGI
  without the lifespan protocol, which Django does not speak), for when async views
  (server-sent events) arrive. Django runs each sync request in a fresh thread there.

Rules the supervisor keeps:

- SIGINT and SIGTERM sent to ``verkstad serve`` are forwarded to every child, which
  then shut down gracefully (granian drains its connections, db_worker finishes its
  current task); a child still running after ``grace`` seconds is killed.
- When any child exits on its own, the others are stopped the same way and the
  supervisor reports which child it was and its exit status. A granian *worker* that
  dies is not such a child: the granian master replaces it (``--respawn-failed-workers``)
  while the other workers go on serving.
- Each child runs in its own session so a terminal's Ctrl-C reaches it only through
  the supervisor (once, in order), and on Linux it is killed if the supervisor dies.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import FrameType

APPLICATIONS = {"wsgi": "verkstad.wsgi:application", "asgi": "verkstad.asgi:application"}
INTERFACES = tuple(APPLICATIONS)
FORWARDED_SIGNALS = (signal.SIGINT, signal.SIGTERM)
#: Seconds granian waits before it replaces a worker that died (its default is 3.5).
RESPAWN_INTERVAL = 1.0


@dataclass(frozen=True)
class ServePlan:
    host: str = "127.0.0.1"
    port: int = 8000
    web_workers: int = 1
    interface: str = "wsgi"
    # Blocking threads per granian worker (WSGI only).
    threads: int = 4
    # Extra blocking threads per WSGI worker for live-update streams (one each, asleep).
    live_streams: int = 1200
    task_workers: int = 1
    python: str = sys.executable
    # Seconds a child may take to stop after a signal before it is killed.
    grace: float = 30.0
    access_log: bool = False


@dataclass(frozen=True)
class ChildSpec:
    name: str
    argv: list[str]


def granian_argv(plan: ServePlan) -> list[str]:
    if plan.interface not in APPLICATIONS:
        raise ValueError(f"interface must be one of {', '.join(INTERFACES)}")
    if plan.interface == "wsgi":
        threads = plan.threads + plan.live_streams
        interface = [
            "--interface",
            "wsgi",
            "--blocking-threads",
            str(threads),
            # Every open stream is a request in flight: let that many through per worker.
            "--backpressure",
            str(threads),
            "--backlog",
            str(max(2048, threads * plan.web_workers)),
        ]
    else:
        # ASGI without the lifespan protocol, which Django does not speak.
        interface = ["--interface", "asginl"]
    argv = [
        plan.python,
        "-m",
        "granian",
        *interface,
        "--host",
        plan.host,
        "--port",
        str(plan.port),
        "--workers",
        str(plan.web_workers),
        "--no-ws",
        "--no-reload",
        # Granian waits for a stuck worker forever unless told otherwise.
        "--workers-kill-timeout",
        str(max(1, int(plan.grace))),
        # Without this granian shuts down every worker when one dies; with it the others go
        # on serving (live streams reconnect to them) while a new one starts.
        "--respawn-failed-workers",
        "--respawn-interval",
        str(RESPAWN_INTERVAL),
        "--access-log" if plan.access_log else "--no-access-log",
    ]
    return [*argv, APPLICATIONS[plan.interface]]


def db_worker_argv(plan: ServePlan) -> list[str]:
    return [plan.python, "-m", "verkstad", "db_worker", "--no-reload"]


def child_specs(plan: ServePlan) -> list[ChildSpec]:
    specs = [ChildSpec("granian", granian_argv(plan))]
    for number in range(1, plan.task_workers + 1):
        specs.append(ChildSpec(f"db_worker-{number}", db_worker_argv(plan)))
    return specs


@dataclass
class ServeResult:
    """Why serving stopped: a signal we were sent, or a child that exited."""

    signal: int | None = None
    child: str | None = None
    child_status: int | None = None
    returncodes: dict[str, int | None] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.child is None


def _die_with_parent() -> None:
    """Ask Linux to send SIGTERM to this child when the supervisor dies."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass


class Supervisor:
    def __init__(
        self,
        specs: Sequence[ChildSpec],
        *,
        grace: float = 30.0,
        env: dict[str, str] | None = None,
        log: Callable[[str], None] = print,
        poll_interval: float = 0.1,
    ) -> None:
        self.specs = list(specs)
        self.grace = grace
        self.env = env
        self.log = log
        self.poll_interval = poll_interval
        self.children: dict[str, subprocess.Popen[bytes]] = {}
        self._received: int | None = None

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self._received is None:
            self._received = signum

    def _start(self) -> None:
        for spec in self.specs:
            process = subprocess.Popen(
                spec.argv,
                env=self.env,
                start_new_session=True,
                preexec_fn=_die_with_parent,  # before any thread of ours starts
            )
            self.children[spec.name] = process
            self.log(f"Started {spec.name} (pid {process.pid}): {' '.join(spec.argv[1:])}")

    def _first_exited(self) -> tuple[str, int] | None:
        for name, process in self.children.items():
            status = process.poll()
            if status is not None:
                return name, status
        return None

    def stop(self, signum: int = signal.SIGTERM) -> dict[str, int | None]:
        """Send ``signum`` to every running child, wait up to ``grace``, then kill."""
        for process in self.children.values():
            if process.poll() is None:
                try:
                    process.send_signal(signum)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + self.grace
        for name, process in self.children.items():
            remaining = max(0.0, deadline - time.monotonic())
            try:
                process.wait(timeout=remaining)
            except subprocess.TimeoutExpired:
                self.log(f"{name} (pid {process.pid}) did not stop in {self.grace:g} s: killing")
                process.kill()
                process.wait()
        return {name: process.returncode for name, process in self.children.items()}

    def run(self) -> ServeResult:
        previous = {sig: signal.signal(sig, self._on_signal) for sig in FORWARDED_SIGNALS}
        result = ServeResult()
        try:
            self._start()
            while True:
                if self._received is not None:
                    result.signal = self._received
                    self.log(f"Received {signal.strsignal(self._received)}: stopping")
                    result.returncodes = self.stop(self._received)
                    return result
                exited = self._first_exited()
                if exited is not None:
                    result.child, result.child_status = exited
                    self.log(f"{result.child} exited with status {result.child_status}: stopping")
                    result.returncodes = self.stop(signal.SIGTERM)
                    return result
                time.sleep(self.poll_interval)
        except BaseException:
            # Whatever went wrong here, leave no orphans behind.
            self.stop(signal.SIGTERM)
            raise
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def serve(plan: ServePlan, *, log: Callable[[str], None] = print) -> ServeResult:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "verkstad.settings")
    # Children print as they go, not when a buffer fills.
    env["PYTHONUNBUFFERED"] = "1"
    if plan.interface == "wsgi":
        # Pages run ``threads`` at a time; the extra threads are for live streams.
        env["VERKSTAD_WEB_GATE"] = str(plan.threads)
    return Supervisor(child_specs(plan), grace=plan.grace, env=env, log=log).run()
