"""HTTP benchmark of the production server (``make bench``).

Starts ``verkstad serve`` in production mode on a throw-away SQLite database (once per
granian interface: WSGI, the default, and ASGI, so the choice stays measured), loads it
on loopback with N concurrent keep-alive HTTP/1.1 clients, and prints requests per
second and p50/p95 latency for the home page, a content page and /healthz (a bare
Django view: the baseline, measured in the same run), plus the bytes a first view of
the home page transfers (HTML and every stylesheet, script, icon and image it links,
compressed as served for ``Accept-Encoding: gzip, br``).

The load generator is plain asyncio (no dependency): each client owns one connection,
sends a request, reads the whole response, records the latency and sends the next
one, until the time or request budget runs out. Latencies are exact per request, so
p95 is measured, not interpolated from a histogram. On a 2-core machine the generator
shares the CPU with the server; the figures are a floor, not a ceiling.

    python bench/bench_http.py [--clients 50] [--duration 10] [--workers 2] [--threads 4]
                               [--interfaces wsgi,asgi] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path

PAGES = [
    ("/healthz", "bare Django view (baseline)"),
    ("/", "home"),
    ("/om-projektet/", "content page (about)"),
]
TARGET_P95_MS = 100.0
TARGET_FIRST_VIEW_KB = 150.0
USER_AGENT = "verkstad-bench/1"


# --- a minimal keep-alive HTTP/1.1 client ----------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    wire_bytes: int  # status line + headers + body as received
    #: Every ``Set-Cookie`` value (``headers`` keeps only the last of repeated headers).
    set_cookies: list[str] = field(default_factory=list)


class Connection:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def _connect(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except ConnectionError:
                pass
            self.reader = self.writer = None

    async def get(self, path: str, accept_encoding: str = "gzip, br") -> Response:
        return await self.request("GET", path, headers={"Accept-Encoding": accept_encoding})

    async def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
    ) -> Response:
        if self.writer is None:
            await self._connect()
        assert self.reader is not None and self.writer is not None
        fields = {
            "Host": f"{self.host}:{self.port}",
            "User-Agent": USER_AGENT,
            "Accept": "*/*",
            "Accept-Language": "sv",
            **(headers or {}),
        }
        if body or method != "GET":
            fields["Content-Length"] = str(len(body))
        head_text = f"{method} {path} HTTP/1.1\r\n" + "".join(
            f"{name}: {value}\r\n" for name, value in fields.items()
        )
        self.writer.write(head_text.encode("latin-1") + b"\r\n" + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        headers: dict[str, str] = {}
        set_cookies: list[str] = []
        for line in header_lines:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
                if name.strip().lower() == "set-cookie":
                    set_cookies.append(value.strip())
        wire = len(head)
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
            wire += len(body)
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size_line = await self.reader.readuntil(b"\r\n")
                size = int(size_line.split(b";")[0], 16)
                chunk = await self.reader.readexactly(size + 2)
                wire += len(size_line) + len(chunk)
                if size == 0:
                    break
                chunks.append(chunk[:-2])
            body = b"".join(chunks)
        else:
            body = await self.reader.read()
            wire += len(body)
            await self.close()
            return Response(status, headers, body, wire, set_cookies)
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return Response(status, headers, body, wire, set_cookies)


# --- load ------------------------------------------------------------------------------------


@dataclass
class LoadResult:
    interface: str
    path: str
    label: str
    clients: int
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float] = field(repr=False, default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: int) -> float:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else float("nan")
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[p - 1]


async def load(
    host: str,
    port: int,
    path: str,
    label: str,
    *,
    clients: int,
    duration: float,
    max_requests: int,
) -> LoadResult:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    budget = max_requests
    deadline = time.perf_counter() + duration

    async def client() -> None:
        nonlocal errors, budget
        connection = Connection(host, port)
        try:
            while budget > 0 and time.perf_counter() < deadline:
                budget -= 1
                started = time.perf_counter()
                try:
                    response = await connection.get(path)
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    errors += 1
                    await connection.close()
                    continue
                latencies.append((time.perf_counter() - started) * 1000)
                statuses[response.status] = statuses.get(response.status, 0) + 1
                if response.status != 200:
                    errors += 1
        finally:
            await connection.close()

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    seconds = time.perf_counter() - began
    return LoadResult(
        "", path, label, clients, len(latencies), errors, seconds, latencies, statuses
    )


# --- first view ------------------------------------------------------------------------------


class AssetLinks(HTMLParser):
    """Same-origin stylesheets, scripts, icons and images a page links."""

    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        url = None
        if tag == "link":
            rels = set((attributes.get("rel") or "").lower().split())
            if rels & {"stylesheet", "icon", "preload", "modulepreload", "manifest"}:
                url = attributes.get("href")
        elif tag in {"script", "img"}:
            url = attributes.get("src")
        if url and url.startswith("/") and not url.startswith("//") and url not in self.assets:
            self.assets.append(url)


@dataclass
class Transfer:
    path: str
    status: int
    encoding: str
    wire_bytes: int


async def first_view(host: str, port: int, path: str = "/") -> list[Transfer]:
    connection = Connection(host, port)
    try:
        page = await connection.get(path)
        transfers = [
            Transfer(path, page.status, page.headers.get("content-encoding", "-"), page.wire_bytes)
        ]
        parser = AssetLinks()
        parser.feed(page.body.decode("utf-8", "replace"))
        for asset in parser.assets:
            response = await connection.get(asset)
            transfers.append(
                Transfer(
                    asset,
                    response.status,
                    response.headers.get("content-encoding", "-"),
                    response.wire_bytes,
                )
            )
        return transfers
    finally:
        await connection.close()


# --- the server under test -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(var_dir: Path, workers: int, threads: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        VERKSTAD_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        # Plain HTTP on loopback: no redirect to HTTPS, cookies not marked Secure.
        VERKSTAD_SSL_REDIRECT="0",
        VERKSTAD_SECURE_COOKIES="0",
        VERKSTAD_VAR_DIR=str(var_dir),
        VERKSTAD_WEB_WORKERS=str(workers),
        VERKSTAD_WEB_THREADS=str(threads),
        VERKSTAD_LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def verkstad(*args: str, env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "verkstad", *args],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(f"verkstad {' '.join(args)} failed:\n{result.stdout}{result.stderr}")


def wait_for(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"verkstad serve exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit(f"{url} did not answer in {timeout:g} s")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


# --- report ------------------------------------------------------------------------------------


def report(results: list[LoadResult], transfers: list[Transfer], args: argparse.Namespace) -> bool:
    print()
    print(
        f"{args.clients} concurrent keep-alive clients, {args.duration:g} s or "
        f"{args.max_requests} requests per page, {args.workers} granian worker(s) "
        f"({args.threads} threads each under WSGI); {os.cpu_count()} CPUs ({cpu_model()}), "
        f"Python {platform.python_version()}, load average before: {args.loadavg}"
    )
    header = (
        f"{'server':<6} {'page':<16} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'requests':>9} "
        f"{'errors':>7} {'req/s vs base':>14} {'p95 vs base':>12}"
    )
    print(header)
    print("-" * len(header))
    ok = True
    baseline = results[0]
    for result in results:
        if result.path == PAGES[0][0]:
            baseline = result
        p50, p95 = result.percentile(50), result.percentile(95)
        print(
            f"{result.interface:<6} {result.path:<16} {result.rps:>8.0f} {p50:>8.1f} "
            f"{p95:>8.1f} {result.requests:>9} {result.errors:>7} "
            f"{result.rps / baseline.rps:>14.2f} {p95 / baseline.percentile(95):>12.2f}"
        )
        if result.errors:
            ok = False
            print(f"  ! {result.errors} errors; statuses {result.statuses}")
    print()
    print("First view of / (Accept-Encoding: gzip, br), bytes on the wire incl. headers:")
    for transfer in transfers:
        print(
            f"  {transfer.wire_bytes:>8} B  {transfer.status}  {transfer.encoding:<5} "
            f"{transfer.path}"
        )
        if transfer.status != 200:
            ok = False
    total_kb = sum(t.wire_bytes for t in transfers) / 1000
    print(f"  {total_kb:>8.1f} kB in {len(transfers)} responses")
    print()
    for result in results:
        if result.path == PAGES[0][0]:
            continue
        p95 = result.percentile(95)
        verdict = "meets" if p95 <= TARGET_P95_MS else "MISSES"
        print(
            f"target p95 <= {TARGET_P95_MS:g} ms, {result.interface} {result.path}: "
            f"{p95:.1f} ms, {verdict}"
        )
    verdict = "meets" if total_kb <= TARGET_FIRST_VIEW_KB else "MISSES"
    print(f"target first view <= {TARGET_FIRST_VIEW_KB:g} kB: {total_kb:.1f} kB, {verdict}")
    return ok


def run_interface(
    interface: str, env: dict[str, str], tmp: Path, args: argparse.Namespace
) -> tuple[list[LoadResult], list[Transfer]]:
    host, port = "127.0.0.1", free_port()
    log_path = tmp / f"serve-{interface}.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [
                *(sys.executable, "-m", "verkstad", "serve", "--port", str(port)),
                *("--interface", interface),
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(f"http://{host}:{port}/healthz", server)
            results = []
            for path, label in PAGES:
                print(f"Loading {path} ({interface}) …", flush=True)
                for duration in (args.warmup, args.duration):
                    result = asyncio.run(
                        load(
                            host,
                            port,
                            path,
                            label,
                            clients=args.clients,
                            duration=duration,
                            max_requests=args.max_requests,
                        )
                    )
                result.interface = interface
                results.append(result)
            transfers = asyncio.run(first_view(host, port))
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
    if server.returncode != 0:
        print(log_path.read_text(errors="replace")[-3000:])
    return results, transfers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per page")
    parser.add_argument("--max-requests", type=int, default=50_000, help="per page")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds per page")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--threads", type=int, default=4, help="per WSGI worker")
    parser.add_argument("--interfaces", default="wsgi,asgi", help="comma-separated")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    args.loadavg = " ".join(f"{x:.2f}" for x in os.getloadavg())

    results: list[LoadResult] = []
    transfers: list[Transfer] = []
    with tempfile.TemporaryDirectory(prefix="verkstad-bench-") as tmp:
        env = production_env(Path(tmp), args.workers, args.threads)
        print(f"Preparing a production site in {tmp} …", flush=True)
        verkstad("migrate", "--noinput", "-v0", env=env)
        verkstad("collectstatic", "--noinput", "-v0", env=env)
        verkstad("seed", env=env)
        for interface in args.interfaces.split(","):
            interface_results, interface_transfers = run_interface(
                interface.strip(), env, Path(tmp), args
            )
            results += interface_results
            transfers = transfers or interface_transfers

    ok = report(results, transfers, args)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "date": time.strftime("%Y-%m-%d"),
                    "cpus": os.cpu_count(),
                    "cpu_model": cpu_model(),
                    "load_average_before": args.loadavg,
                    "clients": args.clients,
                    "workers": args.workers,
                    "threads": args.threads,
                    "pages": [
                        {
                            "interface": r.interface,
                            "path": r.path,
                            "rps": round(r.rps, 1),
                            "p50_ms": round(r.percentile(50), 2),
                            "p95_ms": round(r.percentile(95), 2),
                            "requests": r.requests,
                            "errors": r.errors,
                        }
                        for r in results
                    ],
                    "first_view": [asdict(t) for t in transfers],
                },
                indent=2,
            )
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
