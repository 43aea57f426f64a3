"""Vote ingestion through the real HTTP endpoint, against a bare Django view in the same run.

Creates a throw-away PostgreSQL database (``--database-url``, default
``postgres://postgres@127.0.0.1:5432/verkstad_bench_votes``; dropped afterwards), migrates it,
makes one open conversation with ``--statements`` accepted statements, and starts
``verkstad serve`` in production mode (granian WSGI and one task worker, as in production). Then,
with ``--clients`` concurrent keep-alive clients on loopback:

1. **ceiling** — every client GETs ``/healthz`` (a bare Django view) for ``--duration`` seconds;
2. **votes** — every client is a participant: it opens the conversation page once (CSRF
   cookie and token), then POSTs votes to ``/dialog/<slug>/rosta/`` as htmx does
   (``HX-Request: true``; the answer is the next statement card, chosen by Pol.is's priority
   formula) for ``--duration`` seconds. Each vote is a new (participant, statement) pair, or
   a changed value once a client has voted on every statement, so every accepted vote adds
   one row to the vote history.

Afterwards it counts the database's vote rows: every vote answered with 200 must be there
(``lost`` = answered − stored), and no vote may be refused. Per-participant and per-IP rate
limits are raised for the run (all clients share 127.0.0.1).

The server runs ``--workers`` × ``--threads`` for both loads. Its cache is the in-memory one
of each process, as in the embedded setup; ``--redis-url`` gives it a shared Redis instead,
as docs/operations.md asks for more than one process (give it a database number of its own:
the bench empties that database first, so no cached id from an earlier run carries over).

    .venv/bin/python bench/bench_votes.py [--clients 50] [--duration 10] [--workers 2]
        [--threads 4] [--redis-url redis://127.0.0.1:6379/9] [--json out.json]

Target (issue 5): votes/s ≥ 50 % of the bare view's requests/s, and 0 votes lost.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_http import (  # noqa: E402
    Connection,
    LoadResult,
    cpu_model,
    free_port,
    load,
    production_env,
    verkstad,
    wait_for,
)

SLUG = "bench-rosta"
TARGET_SHARE = 0.5
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')

SETUP = """
from verkstad.dialogue.models import Conversation, Statement
conversation = Conversation.objects.create(
    slug={slug!r}, topic_sv="Mätning av röster", topic_en="Vote benchmark", access="anyone",
    moderation="post",
)
Statement.objects.bulk_create(
    Statement(conversation=conversation, number=i, status="accepted", language="sv",
              text=f"Påstående nummer {{i}} om hur digitaliseringen förändrar arbetet.")
    for i in range({statements})
)
"""


def psql(database_url: str, sql: str) -> None:
    parts = urlsplit(database_url)
    admin = parts._replace(path="/postgres").geturl()
    subprocess.run(["psql", admin, "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True)


def count_votes(database_url: str) -> int:
    out = subprocess.run(
        ["psql", database_url, "-tAc", "SELECT count(*) FROM dialogue_vote"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(out.stdout.strip())


def cookie_jar(set_cookies: list[str], jar: dict[str, str]) -> None:
    for value in set_cookies:
        name, _, rest = value.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]


async def vote_load(
    host: str, port: int, *, clients: int, duration: float, statements: int
) -> tuple[LoadResult, int]:
    """Every client votes as one participant; returns the load and the votes answered 200."""
    page = f"/dialog/{SLUG}/"
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    accepted = 0
    deadline = time.perf_counter() + duration

    async def client(index: int) -> None:
        nonlocal errors, accepted
        connection = Connection(host, port)
        jar: dict[str, str] = {}
        try:
            opening = await connection.get(page)
            cookie_jar(opening.set_cookies, jar)
            found = CSRF_INPUT.search(opening.body)
            if opening.status != 200 or not found or "csrftoken" not in jar:
                errors += 1
                return
            token = found.group(1).decode()
            n = 0
            while time.perf_counter() < deadline:
                statement = (index * 7 + n) % statements
                value = (1, -1, 0)[(n // statements + index) % 3]
                n += 1
                body = urlencode(
                    {"csrfmiddlewaretoken": token, "statement": statement, "vote": value}
                ).encode()
                headers = {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
                    "Referer": f"http://{host}:{port}{page}",
                    "Origin": f"http://{host}:{port}",
                    "HX-Request": "true",
                    "HX-Current-URL": f"http://{host}:{port}{page}",
                }
                started = time.perf_counter()
                try:
                    response = await connection.request(
                        "POST", f"{page}rosta/", body=body, headers=headers
                    )
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    errors += 1
                    await connection.close()
                    continue
                latencies.append((time.perf_counter() - started) * 1000)
                statuses[response.status] = statuses.get(response.status, 0) + 1
                cookie_jar(response.set_cookies, jar)
                if response.status == 200:
                    accepted += 1
                else:
                    errors += 1
        finally:
            await connection.close()

    began = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(clients)))
    seconds = time.perf_counter() - began
    result = LoadResult(
        "wsgi",
        f"{page}rosta/",
        "vote (htmx POST)",
        clients,
        len(latencies),
        errors,
        seconds,
        latencies,
        statuses,
    )
    return result, accepted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/verkstad_bench_votes",
        help="a PostgreSQL database to create, use and drop",
    )
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--statements", type=int, default=200)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--redis-url", default="", help="a shared Redis cache (default: in-memory per process)"
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    name = urlsplit(args.database_url).path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        sys.exit(f"{name!r}: use a plain lower-case database name")
    psql(args.database_url, f"DROP DATABASE IF EXISTS {name}")
    psql(args.database_url, f"CREATE DATABASE {name}")
    try:
        with tempfile.TemporaryDirectory(prefix="verkstad-bench-votes-") as tmp_name:
            tmp = Path(tmp_name)
            env = production_env(tmp, args.workers, args.threads)
            env.update(
                DATABASE_URL=args.database_url,
                VERKSTAD_DIALOGUE_VOTES_PER_MINUTE="1000000",
                VERKSTAD_DIALOGUE_IP_VOTES_PER_MINUTE="1000000",
            )
            if args.redis_url:
                import redis

                redis.Redis.from_url(args.redis_url).flushdb()
                env["REDIS_URL"] = args.redis_url
            print("Migrating and creating the conversation …", flush=True)
            verkstad("migrate", "--no-input", env=env)
            verkstad("collectstatic", "--no-input", env=env)
            setup = SETUP.format(slug=SLUG, statements=args.statements)
            verkstad("shell", "-c", setup, env=env)
            host, port = "127.0.0.1", free_port()
            log_path = tmp / "serve.log"
            with log_path.open("wb") as log:
                server = subprocess.Popen(
                    [sys.executable, "-m", "verkstad", "serve", "--port", str(port)],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
                try:
                    wait_for(f"http://{host}:{port}/healthz", server)
                    print("Loading /healthz (ceiling) …", flush=True)
                    for duration in (args.warmup, args.duration):
                        ceiling = asyncio.run(
                            load(
                                host,
                                port,
                                "/healthz",
                                "bare Django view",
                                clients=args.clients,
                                duration=duration,
                                max_requests=10**7,
                            )
                        )
                    print("Voting …", flush=True)
                    votes, answered = asyncio.run(
                        vote_load(
                            host,
                            port,
                            clients=args.clients,
                            duration=args.duration,
                            statements=args.statements,
                        )
                    )
                    # Let the server finish what it answered, then count.
                    time.sleep(1)
                    stored = count_votes(args.database_url)
                finally:
                    server.send_signal(signal.SIGTERM)
                    try:
                        server.wait(timeout=60)
                    except subprocess.TimeoutExpired:
                        server.kill()
            if votes.errors:
                print(log_path.read_text(errors="replace")[-3000:])
    finally:
        psql(args.database_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    share = votes.rps / ceiling.rps if ceiling.rps else 0.0
    figures = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": {
            "cpus": os.cpu_count(),
            "cpu": cpu_model(),
            "python": platform.python_version(),
            "load_average": os.getloadavg(),
        },
        "clients": args.clients,
        "duration_s": args.duration,
        "workers": args.workers,
        "threads": args.threads,
        "cache": "redis" if args.redis_url else "in-memory per process",
        "ceiling": {
            "rps": round(ceiling.rps, 1),
            "p50_ms": round(ceiling.percentile(50), 1),
            "p95_ms": round(ceiling.percentile(95), 1),
            "errors": ceiling.errors,
        },
        "votes": {
            "per_s": round(votes.rps, 1),
            "p50_ms": round(votes.percentile(50), 1),
            "p95_ms": round(votes.percentile(95), 1),
            "sent": votes.requests,
            "answered_200": answered,
            "stored": stored,
            "lost": answered - stored,
            "errors": votes.errors,
            "statuses": votes.statuses,
        },
        "share_of_ceiling": round(share, 3),
        "target_share": TARGET_SHARE,
    }
    ok = share >= TARGET_SHARE and answered == stored and votes.errors == 0
    figures["target_met"] = ok
    print(
        f"server: {args.workers} worker(s) × {args.threads} thread(s), cache {figures['cache']}; "
        f"load average {os.getloadavg()[0]:.1f}\n"
        f"ceiling /healthz: {ceiling.rps:.0f} req/s, p95 {ceiling.percentile(95):.1f} ms\n"
        f"votes: {votes.rps:.0f}/s, p50 {votes.percentile(50):.1f} ms, "
        f"p95 {votes.percentile(95):.1f} ms, {share:.0%} of the ceiling "
        f"(target {TARGET_SHARE:.0%})\n"
        f"votes answered 200: {answered}, stored: {stored}, lost: {answered - stored}, "
        f"errors: {votes.errors} {votes.statuses}"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
