"""``verkstad serve``: command lines, supervision, and a real server on loopback."""

from __future__ import annotations

import io
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from verkstad.core.management import supervisor
from verkstad.core.management.commands import serve as serve_command
from verkstad.core.management.supervisor import ChildSpec, ServePlan, ServeResult, Supervisor

# --- command lines ----------------------------------------------------------------------


def test_it_serves_the_wsgi_application_with_granian_by_default() -> None:
    argv = supervisor.granian_argv(ServePlan(host="0.0.0.0", port=9001, web_workers=3, threads=6))
    assert argv[1:3] == ["-m", "granian"]
    assert argv[argv.index("--interface") + 1] == "wsgi"
    # Six for pages and one per live stream, asleep (VERKSTAD_LIVE_STREAMS).
    assert argv[argv.index("--blocking-threads") + 1] == "1206"
    assert argv[argv.index("--host") + 1] == "0.0.0.0"
    assert argv[argv.index("--port") + 1] == "9001"
    assert argv[argv.index("--workers") + 1] == "3"
    assert "--workers-kill-timeout" in argv
    assert "--respawn-failed-workers" in argv
    assert argv[-1] == "verkstad.wsgi:application"


def test_it_serves_the_asgi_application_without_lifespan_when_asked() -> None:
    argv = supervisor.granian_argv(ServePlan(interface="asgi"))
    assert argv[argv.index("--interface") + 1] == "asginl"
    assert "--blocking-threads" not in argv
    assert argv[-1] == "verkstad.asgi:application"


def test_it_refuses_an_unknown_interface() -> None:
    with pytest.raises(ValueError, match="wsgi, asgi"):
        supervisor.granian_argv(ServePlan(interface="rsgi"))


def test_it_runs_task_workers_without_the_reloader() -> None:
    specs = supervisor.child_specs(ServePlan(task_workers=2))
    assert [spec.name for spec in specs] == ["granian", "db_worker-1", "db_worker-2"]
    assert specs[1].argv[1:] == ["-m", "verkstad", "db_worker", "--no-reload"]


def test_it_starts_only_granian_without_task_workers() -> None:
    assert [spec.name for spec in supervisor.child_specs(ServePlan(task_workers=0))] == ["granian"]


# --- the command's options ---------------------------------------------------------------


@pytest.fixture
def captured_plan(monkeypatch: pytest.MonkeyPatch) -> list[ServePlan]:
    plans: list[ServePlan] = []

    def fake_serve(plan: ServePlan, **kwargs: object) -> ServeResult:
        plans.append(plan)
        return ServeResult(signal=signal.SIGTERM)

    monkeypatch.setattr(serve_command, "serve", fake_serve)
    monkeypatch.delenv("VERKSTAD_WEB_WORKERS", raising=False)
    monkeypatch.delenv("VERKSTAD_TASK_WORKERS", raising=False)
    monkeypatch.delenv("VERKSTAD_WEB_THREADS", raising=False)
    monkeypatch.delenv("VERKSTAD_WEB_INTERFACE", raising=False)
    return plans


@pytest.mark.django_db
def test_it_defaults_to_loopback_one_web_and_one_task_worker(
    captured_plan: list[ServePlan],
) -> None:
    call_command("serve", stdout=io.StringIO())
    (plan,) = captured_plan
    assert (plan.host, plan.port, plan.interface, plan.web_workers, plan.threads) == (
        "127.0.0.1",
        8000,
        "wsgi",
        1,
        4,
    )
    assert plan.task_workers == 1


@pytest.mark.django_db
def test_it_reads_worker_counts_from_the_environment(
    captured_plan: list[ServePlan], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERKSTAD_WEB_WORKERS", "3")
    monkeypatch.setenv("VERKSTAD_TASK_WORKERS", "2")
    monkeypatch.setenv("VERKSTAD_WEB_THREADS", "8")
    monkeypatch.setenv("VERKSTAD_WEB_INTERFACE", "asgi")
    call_command("serve", "--port", "9000", stdout=io.StringIO())
    plan = captured_plan[0]
    assert (plan.web_workers, plan.threads, plan.interface, plan.task_workers) == (
        3,
        8,
        "asgi",
        2,
    )


@pytest.mark.django_db
def test_its_options_win_over_the_environment(
    captured_plan: list[ServePlan], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERKSTAD_WEB_INTERFACE", "asgi")
    monkeypatch.setenv("VERKSTAD_WEB_THREADS", "8")
    call_command("serve", "--interface", "wsgi", "--threads", "2", stdout=io.StringIO())
    assert (captured_plan[0].interface, captured_plan[0].threads) == ("wsgi", 2)


@pytest.mark.django_db
def test_it_starts_no_task_worker_when_told(captured_plan: list[ServePlan]) -> None:
    call_command("serve", "--no-worker", "--workers", "2", stdout=io.StringIO())
    assert (captured_plan[0].web_workers, captured_plan[0].task_workers) == (2, 0)


@pytest.mark.django_db
def test_it_refuses_a_bad_worker_count(
    captured_plan: list[ServePlan], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERKSTAD_WEB_WORKERS", "many")
    with pytest.raises(CommandError, match="VERKSTAD_WEB_WORKERS must be an integer"):
        call_command("serve")
    monkeypatch.setenv("VERKSTAD_WEB_WORKERS", "0")
    with pytest.raises(CommandError, match="at least 1"):
        call_command("serve")
    monkeypatch.setenv("VERKSTAD_WEB_WORKERS", "1")
    monkeypatch.setenv("VERKSTAD_WEB_INTERFACE", "rsgi")
    with pytest.raises(CommandError, match="VERKSTAD_WEB_INTERFACE must be one of wsgi, asgi"):
        call_command("serve")
    assert captured_plan == []


@pytest.mark.django_db
def test_it_refuses_to_start_with_pending_migrations(
    captured_plan: list[ServePlan], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serve_command, "pending_migrations", lambda: ["accounts.0099_future"])
    with pytest.raises(CommandError, match=r"1 migration\(s\) not applied.*verkstad migrate"):
        call_command("serve")
    assert captured_plan == []


@pytest.mark.django_db
def test_it_reports_a_child_that_died(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        serve_command,
        "serve",
        lambda plan, **kw: ServeResult(child="db_worker-1", child_status=2),
    )
    with pytest.raises(CommandError, match="db_worker-1 exited with status 2"):
        call_command("serve", stdout=io.StringIO())


# --- supervision, with stand-in children --------------------------------------------------


def _python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


SLEEPER = _python("import time; time.sleep(60)")
STUBBORN = _python(
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
    "print('ready', flush=True); time.sleep(60)"
)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_it_stops_the_others_when_one_child_exits() -> None:
    sup = Supervisor(
        [ChildSpec("web", SLEEPER), ChildSpec("worker", _python("raise SystemExit(3)"))],
        grace=5,
        log=lambda message: None,
    )
    result = sup.run()
    assert (result.child, result.child_status) == ("worker", 3)
    assert result.returncodes["web"] == -signal.SIGTERM
    assert not result.ok


def _signal_when_started(
    sup: Supervisor, signum: int, count: int, delay: float = 0.3
) -> threading.Thread:
    def send() -> None:
        deadline = time.monotonic() + 10
        while len(sup.children) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(delay)
        os.kill(os.getpid(), signum)

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_it_forwards_the_signal_it_receives_to_every_child(signum: int) -> None:
    sup = Supervisor(
        [ChildSpec("web", SLEEPER), ChildSpec("worker", SLEEPER)],
        grace=5,
        log=lambda message: None,
    )
    thread = _signal_when_started(sup, signum, count=2)
    result = sup.run()
    thread.join()
    assert result.ok and result.signal == signum
    assert result.returncodes == {"web": -signum, "worker": -signum}


def test_it_kills_a_child_that_ignores_the_signal() -> None:
    messages: list[str] = []
    sup = Supervisor(
        [ChildSpec("web", SLEEPER), ChildSpec("stubborn", STUBBORN)],
        grace=0.5,
        log=messages.append,
    )
    # The delay lets the stubborn child install its handler first.
    thread = _signal_when_started(sup, signal.SIGTERM, count=2, delay=1.0)
    started = time.monotonic()
    result = sup.run()
    thread.join()
    assert result.returncodes["stubborn"] == -signal.SIGKILL
    assert any("did not stop" in message for message in messages)
    assert time.monotonic() - started < 10


# --- the real thing on a free loopback port ------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def production_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A migrated production-mode site in a temporary var/ directory."""
    var_dir = tmp_path_factory.mktemp("serve-var")
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        VERKSTAD_ENV="production",
        VERKSTAD_VAR_DIR=str(var_dir),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        VERKSTAD_SSL_REDIRECT="0",
        VERKSTAD_SECURE_COOKIES="0",
        VERKSTAD_WEB_WORKERS="1",
        VERKSTAD_TASK_WORKERS="1",
    )
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "-m", "verkstad", *command, "-v0"],
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )
    return env


class RunningServe:
    def __init__(self, env: dict[str, str], log_path: Path, interface: str = "wsgi") -> None:
        self.port = _free_port()
        self.log_path = log_path
        self.log = log_path.open("w")
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "verkstad", "serve", "--port", str(self.port)),
                *("--interface", interface, "--grace", "10"),
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str) -> tuple[int, dict]:
        try:
            with urllib.request.urlopen(self.url(path), timeout=5) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            return error.code, json.load(error)

    def wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.output()
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        pytest.fail(f"serve did not answer /healthz in {timeout} s:\n{self.output()}")

    def pids(self) -> dict[str, int]:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            found = dict(re.findall(r"Started (\S+) \(pid (\d+)\)", self.output()))
            if {"granian", "db_worker-1"} <= found.keys():
                return {name: int(pid) for name, pid in found.items()}
            time.sleep(0.1)
        pytest.fail(f"serve did not log its children:\n{self.output()}")

    def output(self) -> str:
        self.log.flush()
        return self.log_path.read_text()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.log.close()


@pytest.fixture(params=["wsgi", "asgi"])
def running_serve(production_env: dict[str, str], tmp_path: Path, request: pytest.FixtureRequest):
    serve = RunningServe(production_env, tmp_path / "serve.log", interface=request.param)
    yield serve
    serve.close()


def _wait_gone(pid: int, timeout: float = 15) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.1)
    return False


def test_it_really_serves_healthz_and_stops_on_sigterm(running_serve: RunningServe) -> None:
    running_serve.wait_until_up()
    assert running_serve.get("/healthz") == (200, {"status": "ok"})
    status, body = running_serve.get("/readyz")
    assert (status, body["status"]) == (200, "ready"), body
    children = running_serve.pids()
    assert _alive(children["db_worker-1"])

    running_serve.process.send_signal(signal.SIGTERM)
    assert running_serve.process.wait(timeout=30) == 0, running_serve.output()
    assert "Stopped on SIGTERM" in running_serve.output()
    assert all(_wait_gone(pid) for pid in children.values())
    with pytest.raises(OSError):
        running_serve.get("/healthz")


def test_it_stops_the_server_when_the_task_worker_dies(running_serve: RunningServe) -> None:
    running_serve.wait_until_up()
    children = running_serve.pids()
    os.kill(children["db_worker-1"], signal.SIGKILL)
    assert running_serve.process.wait(timeout=30) == 1, running_serve.output()
    assert "db_worker-1 exited with status -9" in running_serve.output()
    assert _wait_gone(children["granian"])
