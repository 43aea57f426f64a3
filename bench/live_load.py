"""Load and faults for live sessions: 1,000 phones, one presenter, one killed server process.

Starts what it needs, runs, stops everything it started and prints the figures:

- ``--setup production``: a throw-away PostgreSQL database (``--database-url``), Redis
  (``--redis-url``; live updates fan out over its pub/sub) and ``verkstad serve --workers 2``
  in production mode (granian WSGI, one task worker beside it);
- ``--setup demo``: SQLite in a temporary ``VERKSTAD_VAR_DIR``, no Redis, ``verkstad serve``
  with its defaults (one web worker), as ``make demo`` runs it.

Without ``--setup`` both run, one after the other; ``--json`` then prints a JSON list with
one object per setup (with ``--setup``, one object).

The set-up step (``verkstad shell``) creates a facilitator, a meeting and a running
session with two activities: a poll, open from the start, and a statement round when that
kind exists, else a scale. It signs the facilitator in by minting a session row
(``Client.force_login``) and hands the cookie to the load generator.

The load generator is asyncio + aiohttp on loopback, in this process. Over ``--seconds``:

1. ``0–30 %``: every phone joins at a random moment: GET ``/delta/<code>/`` (CSRF cookie
   and token), POST the join form, GET the phone page it is redirected to (the *join time*
   covers all three), then opens the phone's event stream ``/delta/<code>/strom/`` and keeps
   it open (reconnecting, as a browser does, ``retry`` ms after it breaks). The room is *in*
   at 30 % or, when joins are still being served then, once every phone has joined (or given
   up): a facilitator does not start the poll while people are still joining. The later
   phases move by as much as the room came in late (``room_in_at_s`` in the figures);
2. ``30–60 %`` (from the room being in): every phone answers the poll at a random moment
   (POST as ``live.js`` does, ``X-Requested-With: live``); on a connection error or a 5xx it
   sends the same answer again with back-off until it is acknowledged (the server keeps one
   answer per phone, so a retry counts once);
3. at 60 %, once every phone has answered the poll (as a facilitator waits for the room;
   at most another 2 minutes) and the projector shows it, the facilitator moves on
   (``next``, ``open`` on the control page); each phone, told by its stream that the room
   changed, shows the question the stream carries for phones that have not answered it,
   or fetches its own (``/fraga/``) when it has or when the stream carries none, as
   ``live.js`` does (``questions_in_stream`` and ``question_fetches`` count both), and
   answers it by 95 %: agree, disagree or pass on the statement it shows (a scale 1–5
   instead where the statement round is not installed).

Every request carries a phone browser's User-Agent, so the server treats them as it treats
real phones (the page counter leaves robots out, for one).

Meanwhile the presenter listens on ``/traffar/live/<code>/visning/strom/`` and records the
time of every update and its ``answered`` count. With ``--kill-worker`` one granian worker
(a child of the granian master) gets SIGKILL at 45 % (from the room being in), in the
middle of the poll; granian starts a new one, phones reconnect to whichever worker answers.

Propagation of a vote: sort the acknowledged answers to one activity by the time they were
acknowledged; the k-th one has propagated when the presenter first shows ``answered >= k``
for that activity. Propagation = that moment − the moment the phone first sent the vote
(retries included), at least 0. Because an answer is committed before it is acknowledged
and counts only grow, the presenter showing k answers means it shows at least as many
answers as had been acknowledged when this one was: what a room watching the projector
sees. A vote never shown counts as propagating at infinity (it fails the p95; the JSON
says ``null``). Poll votes sent after the projector moved on to the next question are
stored and counted but not part of the propagation figure (``votes_after_room_moved_on``).

Votes counted = Answer rows in the database at the end; lost = acknowledged − counted.

    .venv/bin/python bench/live_load.py [--participants 1000] [--seconds 60]
        [--setup production|demo] [--kill-worker] [--json]

Targets (issue 8): propagation p95 <= 1 s at 1,000 participants, 0 votes lost, with and
without a killed server process. The exit status is 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_http import cpu_model, free_port, production_env, wait_for  # noqa: E402

TARGET_P95_MS = 1000.0
HOST = "127.0.0.1"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STATEMENT_INPUT = re.compile(r'name="statement" value="(\d+)"')
POLL_OPTIONS = ["o1", "o2", "o3", "o4"]

SETUP = r"""
import json
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from verkstad.accounts.models import ActorType, Membership, Organisation, Role
from verkstad.workshops.live import services
from verkstad.workshops.live.kinds import KINDS
from verkstad.workshops.live.models import Activity
from verkstad.workshops.models import Meeting

org = Organisation.objects.create(
    name="Bench", actor_type=ActorType.FORSKNING, municipality_code="1980"
)
user = get_user_model().objects.create_user(email="bench-live@example.se")
Membership.objects.create(user=user, organisation=org, role=Role.FACILITATOR)
now = timezone.now()
meeting = Meeting.objects.create(
    slug="bench-live", title_sv="Lasttest", title_en="Load test", status="published",
    starts_at=now, ends_at=now + timedelta(hours=3),
)
meeting.organisers.set([org])
session = services.session_start(meeting=meeting, user=user)
poll = Activity.objects.create(
    session=session, position=1, kind="poll",
    prompt_sv="Vem bär ansvaret för kompetensen?", prompt_en="Who is responsible for skills?",
    options=[
        {"key": "o1", "sv": "Kommunen", "en": "The municipality"},
        {"key": "o2", "sv": "Facket", "en": "The union"},
        {"key": "o3", "sv": "Skolan", "en": "The school"},
        {"key": "o4", "sv": "Arbetsgivaren", "en": "The employer"},
    ],
)
if "statements" in KINDS:
    from verkstad.dialogue.models import Conversation, Statement

    conversation = Conversation.objects.create(
        slug="bench-live-round", topic_sv="Orten och digitaliseringen",
        topic_en="The town and digitalisation", access="anyone", moderation="post",
    )
    Statement.objects.bulk_create(
        Statement(conversation=conversation, number=i, status="accepted", language="sv",
                  text=f"Påstående {i} om hur digitaliseringen förändrar arbetet på orten.")
        for i in range(1, 9)
    )
    second = Activity.objects.create(
        session=session, position=2, kind="statements", conversation=conversation,
        prompt_sv="Vad tycker ni?", prompt_en="What do you think?",
    )
else:
    second = Activity.objects.create(
        session=session, position=2, kind="scale",
        prompt_sv="Hur väl förberedd är orten?", prompt_en="How well prepared is the town?",
    )
services.control(session=session, action="show", activity=poll)
services.control(session=session, action="open")
client = Client()
client.force_login(user)
print("SETUP " + json.dumps({
    "code": session.code,
    "session": session.pk,
    "poll": poll.pk,
    "second": second.pk,
    "second_kind": second.kind,
    "cookie_name": settings.SESSION_COOKIE_NAME,
    "cookie": client.cookies[settings.SESSION_COOKIE_NAME].value,
}))
"""


# --- the pure part: percentiles and propagation --------------------------------------------


def percentile(values: list[float], p: float) -> float | None:
    """The p-th percentile (0–100) by linear interpolation between closest ranks."""
    if not values:
        return None
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * p / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    if math.isinf(ordered[high]):
        return ordered[high] if position > low else ordered[low]
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def propagation_ms(
    votes: list[tuple[float, float]], events: list[tuple[float, int]]
) -> list[float]:
    """Propagation of each acknowledged vote to one activity, in milliseconds.

    ``votes``: (first sent, acknowledged) per vote; ``events``: (received, answered) per
    presenter update about that activity. The k-th vote by acknowledgement has propagated
    at the first update showing ``answered >= k``; a vote never shown is ``inf``.
    """
    ordered = sorted(votes, key=lambda vote: vote[1])
    timeline = sorted(events)
    result = []
    index = 0
    best = 0
    for rank, (sent, _acked) in enumerate(ordered, start=1):
        # Counts only grow, so the first update reaching rank k comes no earlier than for k-1.
        while index < len(timeline) and max(best, timeline[index][1]) < rank:
            best = max(best, timeline[index][1])
            index += 1
        if index == len(timeline):
            result.append(float("inf"))
            continue
        result.append(max(0.0, (timeline[index][0] - sent) * 1000))
    return result


# --- the load generator --------------------------------------------------------------------


@dataclass
class Vote:
    activity: int
    sent: float
    acked: float | None = None
    attempts: int = 0
    status: int | None = None
    done: bool = False


@dataclass
class Figures:
    joins_ms: list[float] = field(default_factory=list)
    join_errors: int = 0
    votes: list[Vote] = field(default_factory=list)
    vote_errors: dict[str, int] = field(default_factory=dict)
    reconnects: int = 0
    vote_retries: int = 0
    streams_open: int = 0
    presenter: list[tuple[float, int, int]] = field(default_factory=list)  # (t, activity, n)
    fetches: int = 0
    questions_streamed: int = 0
    killed_pid: int | None = None
    killed_at: float | None = None
    moved_on_at: float | None = None
    room_in_at: float | None = None
    loop_lag_ms: list[float] = field(default_factory=list)
    healthz_ms: list[float] = field(default_factory=list)

    def error(self, what: str) -> None:
        self.vote_errors[what] = self.vote_errors.get(what, 0) + 1


def _cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def _remember(response: aiohttp.ClientResponse, jar: dict[str, str]) -> None:
    for name, morsel in response.cookies.items():
        jar[name] = morsel.value


def _activity_of(token: str) -> int:
    """``version:activity:state:revealed`` → activity id (0 when nothing is shown)."""
    parts = token.split(":")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def _token_in(page: str) -> str:
    found = re.search(r'data-token="([^"]*)"', page)
    return found.group(1) if found else ""


def _is_open(token: str, activity: int) -> bool:
    parts = token.split(":")
    return _activity_of(token) == activity and len(parts) > 2 and parts[2] == "open"


RETRYABLE = (aiohttp.ClientError, asyncio.TimeoutError, ConnectionError, OSError)


async def sse(
    http: aiohttp.ClientSession,
    url: str,
    headers: dict[str, str],
    on_event: Any,
    figures: Figures,
    stop: asyncio.Event,
    connected: asyncio.Event | None = None,
) -> None:
    """Keep one event stream open until ``stop``; reconnect as a browser does."""
    retry = 2.0
    while not stop.is_set():
        try:
            async with http.get(url, headers=headers) as response:
                if response.status != 200:
                    raise aiohttp.ClientResponseError(
                        response.request_info, (), status=response.status
                    )
                figures.streams_open += 1
                if connected is not None:
                    connected.set()
                try:
                    event, data = "message", ""
                    while not stop.is_set():
                        line = await response.content.readline()
                        if not line:
                            break
                        text = line.decode().rstrip("\r\n")
                        if not text:
                            if data:
                                on_event(event, data)
                            event, data = "message", ""
                        elif text.startswith("retry:"):
                            retry = int(text[6:].strip()) / 1000
                        elif text.startswith("event:"):
                            event = text[6:].strip()
                        elif text.startswith("data:"):
                            data += text[5:].strip()
                finally:
                    figures.streams_open -= 1
        except asyncio.CancelledError:
            raise
        except RETRYABLE:
            pass
        if stop.is_set():
            return
        figures.reconnects += 1
        await asyncio.sleep(retry + random.random() * 0.5)


PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/142.0.0.0 Mobile Safari/537.36"
)


class Phone:
    def __init__(self, number: int, run: Run) -> None:
        self.number = number
        self.run = run
        self.jar: dict[str, str] = {}
        self.csrf = ""
        self.token = ""
        self.token_changed = asyncio.Event()
        #: The question the phone shows: the state token it was fetched for, and its HTML.
        self.shown = ("", "")
        self.fetched = asyncio.Event()
        #: Activities this phone has answered (acknowledged).
        self.answered: set[int] = set()

    def headers(self, **extra: str) -> dict[str, str]:
        return {"Cookie": _cookie_header(self.jar), "Accept-Language": "sv", **extra}

    async def join(self) -> bool:
        run = self.run
        url = f"{run.base}/delta/{run.code}/"
        started = time.perf_counter()
        for attempt in range(20):
            try:
                async with run.http.get(url, headers=self.headers()) as response:
                    body = await response.text()
                    _remember(response, self.jar)
                found = CSRF_INPUT.search(body)
                if response.status != 200 or not found:
                    raise aiohttp.ClientPayloadError(f"join page {response.status}")
                self.csrf = found.group(1)
                if f"verkstad_live_{run.code}" in self.jar:
                    # Joined before the connection broke: that page was the phone page.
                    self.token = _token_in(body)
                    run.figures.joins_ms.append((time.perf_counter() - started) * 1000)
                    return True
                async with run.http.post(
                    url,
                    data={"csrfmiddlewaretoken": self.csrf},
                    headers=self.headers(Referer=url),
                    allow_redirects=False,
                ) as response:
                    await response.read()
                    _remember(response, self.jar)
                    if response.status != 302:
                        raise aiohttp.ClientPayloadError(f"join {response.status}")
                async with run.http.get(url, headers=self.headers()) as response:
                    body = await response.text()
                    if response.status != 200:
                        raise aiohttp.ClientPayloadError(f"phone page {response.status}")
                self.token = _token_in(body)
                run.figures.joins_ms.append((time.perf_counter() - started) * 1000)
                return True
            except RETRYABLE as exc:
                run.figures.error(f"join: {exc}"[:80])
                await asyncio.sleep(min(5.0, 0.2 * 2**attempt))
        run.figures.join_errors += 1
        return False

    def on_event(self, event: str, data: str) -> None:
        if event != "update":
            return
        payload = json.loads(data)
        token = payload.get("token", "")
        if token and token != self.token:
            self.token = token
            self.token_changed.set()
            # As live.js: the question from the stream when it suits this phone (one it has
            # not answered, or one for everyone), else the phone fetches its own.
            question = payload.get("question")
            usable = isinstance(question, str) and (
                payload.get("question_for") == "everyone"
                or payload.get("activity") not in self.answered
            )
            if usable:
                self.run.figures.questions_streamed += 1
                self.shown = (token, question)
                self.fetched.set()
            else:
                self.run.spawn(self.fetch_activity(token))

    async def poll_state(self) -> None:
        try:
            async with self.run.http.get(
                f"{self.run.base}/delta/{self.run.code}/lage/", headers=self.headers()
            ) as response:
                if response.status == 200:
                    self.token = (await response.json()).get("token", self.token)
        except (*RETRYABLE, ValueError):
            pass

    async def fetch_activity(self, token: str) -> None:
        try:
            async with self.run.http.get(
                f"{self.run.base}/delta/{self.run.code}/fraga/",
                headers=self.headers(**{"X-Requested-With": "live"}),
            ) as response:
                body = await response.text()
                self.run.figures.fetches += 1
        except RETRYABLE:
            return
        if response.status == 200:
            self.shown = (token, body)
            self.fetched.set()

    async def vote(self, activity: int, data: dict[str, str]) -> None:
        run = self.run
        url = f"{run.base}/delta/{run.code}/svar/{activity}/"
        vote = Vote(activity, time.perf_counter())
        run.figures.votes.append(vote)
        body = {"csrfmiddlewaretoken": self.csrf, **data}
        try:
            await self._send(vote, url, body)
        finally:
            vote.done = True

    async def _send(self, vote: Vote, url: str, body: dict[str, str]) -> None:
        run = self.run
        deadline = vote.sent + 60
        attempt = 0
        while time.perf_counter() < deadline:
            vote.attempts += 1
            try:
                async with run.http.post(
                    url,
                    data=body,
                    headers=self.headers(**{"X-Requested-With": "live", "Referer": url}),
                ) as response:
                    await response.read()
                    vote.status = response.status
                    if response.status == 200:
                        vote.acked = time.perf_counter()
                        self.answered.add(vote.activity)
                        return
                    if response.status == 429:
                        run.figures.error("429")
                        await asyncio.sleep(float(response.headers.get("Retry-After", "1")))
                        continue
                    if response.status < 500:
                        run.figures.error(str(response.status))
                        return
                    run.figures.error(str(response.status))
            except RETRYABLE as exc:
                run.figures.error(type(exc).__name__)
            run.figures.vote_retries += 1
            # live.js backs off 0.4 s, 0.8 s, …; keep trying well past its six attempts.
            await asyncio.sleep(min(4.0, 0.4 * 2**attempt) * (0.5 + random.random()))
            attempt += 1

    async def life(self, plan: dict[str, float]) -> None:
        run = self.run
        await run.at(plan["join"])
        joined = await self.join()
        run.joined += 1
        if not joined:
            return
        stream = f"{run.base}/delta/{run.code}/strom/"
        run.spawn(sse(run.http, stream, self.headers(), self.on_event, run.figures, run.stop))
        await run.room_in.wait()
        await run.at(plan["poll"], after_room_in=True)
        await self.vote(run.poll, {"choice": random.choice(POLL_OPTIONS)})
        # Answer the second question once the phone shows it (or, stream down, looks itself).
        while not _is_open(self.shown[0], run.second):
            self.fetched.clear()
            try:
                await asyncio.wait_for(self.fetched.wait(), timeout=30)
            except TimeoutError:
                # Heard nothing for long (the stream broke?): ask for the state as live.js
                # does when its stream fails, and fetch the question only if it changed.
                await self.poll_state()
                if self.token != self.shown[0]:
                    await self.fetch_activity(self.token)
        await run.at(plan["second"], after_room_in=True)
        if run.second_kind == "statements":
            found = STATEMENT_INPUT.search(self.shown[1])
            data = {"statement": found.group(1) if found else "0"}
            data["vote"] = random.choice(["agree", "disagree", "pass"])
        else:
            data = {"value": str(random.randint(1, 5))}
        await self.vote(run.second, data)


class Run:
    def __init__(self, args: argparse.Namespace, base: str, setup: dict[str, Any]) -> None:
        self.args = args
        self.base = base
        self.code = setup["code"]
        self.poll = setup["poll"]
        self.second = setup["second"]
        self.second_kind = setup["second_kind"]
        self.admin_cookie = f"{setup['cookie_name']}={setup['cookie']}"
        self.seconds = args.seconds
        self.figures = Figures()
        self.stop = asyncio.Event()
        self.tasks: set[asyncio.Task[Any]] = set()
        self.t0 = 0.0
        #: Set once every phone has joined (or given up) and the join phase is over: the
        #: facilitator opens the poll to the room then, not while people are still joining.
        self.room_in = asyncio.Event()
        #: How much later than planned that was (s); the poll and the round move with it.
        self.room_in_late = 0.0
        self.joined = 0
        self.counted_poll = 0
        self.http: aiohttp.ClientSession

    def spawn(self, coro: Any) -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    async def at(self, share: float, *, after_room_in: bool = False) -> None:
        """Wait for ``share`` of the run; later phases move with the room's joining."""
        start = self.t0 + (self.room_in_late if after_room_in else 0.0)
        delay = start + share * self.seconds - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)

    def on_presenter(self, event: str, data: str) -> None:
        if event != "update":
            return
        payload = json.loads(data)
        self.figures.presenter.append(
            (
                time.perf_counter(),
                _activity_of(payload.get("token", "")),
                int(payload.get("answered", 0)),
            )
        )

    async def facilitator(self, action: str) -> None:
        control = f"{self.base}/traffar/live/{self.code}/"
        jar = {}
        for attempt in range(30):
            try:
                headers = {"Cookie": self.admin_cookie}
                async with self.http.get(control, headers=headers) as response:
                    body = await response.text()
                    _remember(response, jar)
                token = CSRF_INPUT.search(body)
                if response.status != 200 or token is None:
                    raise aiohttp.ClientPayloadError(f"control page {response.status}")
                headers["Cookie"] += "; " + _cookie_header(jar)
                async with self.http.post(
                    f"{control}styr/",
                    data={"csrfmiddlewaretoken": token.group(1), "action": action},
                    headers={**headers, "Referer": control},
                    allow_redirects=False,
                ) as response:
                    await response.read()
                    if response.status == 302:
                        return
                    raise aiohttp.ClientPayloadError(f"control {response.status}")
            except RETRYABLE as exc:
                self.figures.error(f"facilitator {action}: {exc}"[:120])
                await asyncio.sleep(min(2.0, 0.2 * 2**attempt))
        raise RuntimeError(f"the facilitator could not {action}: {self.figures.vote_errors}")

    def answering(self, activity: int) -> int:
        """Phones done with ``activity``: acknowledged, refused, given up, or failed to join."""
        done = sum(1 for v in self.figures.votes if v.activity == activity and v.done)
        return done + self.figures.join_errors

    async def healthz_probe(self) -> None:
        """The bare view's latency during the run: how busy the server is (the baseline)."""
        while not self.stop.is_set():
            started = time.perf_counter()
            try:
                async with self.http.get(f"{self.base}/healthz") as response:
                    await response.read()
                self.figures.healthz_ms.append((time.perf_counter() - started) * 1000)
            except RETRYABLE:
                pass
            await asyncio.sleep(0.25)

    async def lag_probe(self) -> None:
        while not self.stop.is_set():
            started = time.perf_counter()
            await asyncio.sleep(0.1)
            self.figures.loop_lag_ms.append((time.perf_counter() - started - 0.1) * 1000)

    async def main(self, kill: Any) -> None:
        connector = aiohttp.TCPConnector(limit=0, limit_per_host=0)
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=10, sock_read=None)
        async with aiohttp.ClientSession(
            connector=connector,
            timeout=timeout,
            cookie_jar=aiohttp.DummyCookieJar(),
            # A phone's browser, not a robot: the server treats these requests as it would
            # real phones' (the page counter, for one, leaves robots out).
            headers={"User-Agent": PHONE_AGENT},
        ) as self.http:
            try:
                await self.scenario(kill)
            finally:
                self.stop.set()
                for task in list(self.tasks):
                    task.cancel()
                await asyncio.gather(*self.tasks, return_exceptions=True)

    async def scenario(self, kill: Any) -> None:
        presenter = f"{self.base}/traffar/live/{self.code}/visning/strom/"
        connected = asyncio.Event()
        self.spawn(
            sse(
                self.http,
                presenter,
                {"Cookie": self.admin_cookie, "Accept-Language": "sv"},
                self.on_presenter,
                self.figures,
                self.stop,
                connected,
            )
        )
        self.spawn(self.lag_probe())
        self.spawn(self.healthz_probe())
        await asyncio.wait_for(connected.wait(), timeout=30)
        self.t0 = time.perf_counter()
        phones = []
        for number in range(self.args.participants):
            plan = {
                "join": random.uniform(0.0, 0.3),
                "poll": random.uniform(0.3, 0.6),
                "second": random.uniform(0.65, 0.95),
            }
            phones.append(asyncio.create_task(Phone(number, self).life(plan)))
        if kill is not None:
            self.spawn(self.kill_at(0.45, kill))
        try:
            # Like a facilitator, start the poll once the room is in: the join phase is over
            # and every phone has joined (or given up), however long that took.
            await self.at(0.3)
            while self.joined < len(phones):
                await asyncio.sleep(0.05)
            self.room_in_late = max(0.0, time.perf_counter() - self.t0 - 0.3 * self.seconds)
            self.figures.room_in_at = time.perf_counter() - self.t0
            self.room_in.set()
            await self.at(0.6, after_room_in=True)
            # Like a facilitator, wait for the room: every phone has answered the poll (or
            # given up), however long the joins took (but not for ever).
            deadline = time.perf_counter() + max(120.0, 3 * self.seconds)
            while time.perf_counter() < deadline and self.answering(self.poll) < len(phones):
                await asyncio.sleep(0.1)
            # … and until the screen shows them all (a tick or two), as anyone would.
            await self.screen_shows(self.poll, deadline)
            self.figures.moved_on_at = time.perf_counter() - self.t0
            await self.facilitator("next")
            await self.facilitator("open")
            await asyncio.gather(*phones)
        finally:
            for phone in phones:
                phone.cancel()
            await asyncio.gather(*phones, return_exceptions=True)
        # Give the presenter time to show the last votes (a tick, or a refresh).
        await self.screen_shows(self.second, time.perf_counter() + 10)

    async def screen_shows(self, activity: int, deadline: float) -> None:
        """Wait until the presenter shows every acknowledged answer to ``activity``."""
        wanted = sum(1 for v in self.figures.votes if v.activity == activity and v.acked)
        while time.perf_counter() < deadline:
            seen = max((n for _t, a, n in self.figures.presenter if a == activity), default=0)
            if seen >= wanted:
                return
            await asyncio.sleep(0.1)

    async def kill_at(self, share: float, kill: Any) -> None:
        await self.room_in.wait()
        await self.at(share, after_room_in=True)
        self.figures.killed_pid = kill()
        self.figures.killed_at = time.perf_counter() - self.t0


# --- the server under test -----------------------------------------------------------------


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid …; comm may hold spaces and parentheses.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.append(int(entry.name))
    return found


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def granian_workers(serve_pid: int) -> tuple[int | None, list[int]]:
    masters = [p for p in children_of(serve_pid) if "granian" in cmdline(p)]
    if not masters:
        return None, []
    return masters[0], children_of(masters[0])


def kill_one_worker(serve_pid: int) -> int | None:
    _master, workers = granian_workers(serve_pid)
    if not workers:
        return None
    victim = random.choice(workers)
    os.kill(victim, signal.SIGKILL)
    return victim


def run_command(argv: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(argv, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[2:])} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def verkstad(*args: str, env: dict[str, str]) -> str:
    return run_command([sys.executable, "-m", "verkstad", *args], env)


def psql(database_url: str, sql: str, database: str | None = None) -> str:
    parts = urlsplit(database_url)
    target = parts._replace(path=f"/{database}").geturl() if database else database_url
    return subprocess.run(
        ["psql", target, "-v", "ON_ERROR_STOP=1", "-tAqc", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


#: Every phone's stored answers: poll answers, and the round's votes in the conversation
#: (the throw-away database holds only this room's).
COUNT_SQL = (
    "SELECT (SELECT count(*) FROM workshops_answer) + (SELECT count(*) FROM dialogue_currentvote)"
)


def count_answers(env: dict[str, str], var_dir: Path, sql: str = COUNT_SQL) -> int:
    if "DATABASE_URL" in env:
        return int(psql(env["DATABASE_URL"], sql))
    with sqlite3.connect(var_dir / "verkstad.sqlite3") as db:
        return db.execute(sql).fetchone()[0]


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def run_setup(name: str, args: argparse.Namespace) -> dict[str, Any]:
    database = ""
    with tempfile.TemporaryDirectory(prefix=f"verkstad-bench-live-{name}-") as tmp_name:
        tmp = Path(tmp_name)
        if name == "production":
            workers = 2
            env = production_env(tmp, workers, args.threads)
            database = urlsplit(args.database_url).path.lstrip("/")
            if not re.fullmatch(r"[a-z_][a-z0-9_]*", database):
                sys.exit(f"{database!r}: use a plain lower-case database name")
            psql(args.database_url, f"DROP DATABASE IF EXISTS {database}", "postgres")
            psql(args.database_url, f"CREATE DATABASE {database}", "postgres")
            env.update(DATABASE_URL=args.database_url, REDIS_URL=args.redis_url)
        else:
            # What `make demo` runs: the default environment, SQLite in the var directory.
            workers = 1
            env = {
                k: v
                for k, v in os.environ.items()
                if k not in {"DATABASE_URL", "REDIS_URL", "VERKSTAD_ENV", "DEBUG"}
                and not k.startswith("VERKSTAD_WEB_")
            }
            env.update(VERKSTAD_VAR_DIR=str(tmp), VERKSTAD_LOG_LEVEL="WARNING")
        env.update(PYTHONUNBUFFERED="1")
        server = None
        try:
            print(f"[{name}] migrating and setting up …", file=sys.stderr, flush=True)
            verkstad("migrate", "--no-input", env=env)
            verkstad("collectstatic", "--no-input", "-v0", env=env)
            out = verkstad("shell", "-c", SETUP, env=env)
            setup = json.loads(out.split("SETUP ", 1)[1].splitlines()[0])
            port = free_port()
            log_path = tmp / "serve.log"
            with log_path.open("wb") as log:
                argv = [sys.executable, "-m", "verkstad", "serve", "--port", str(port)]
                if name == "production":
                    argv += ["--workers", str(workers)]
                server = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT)
                wait_for(f"http://{HOST}:{port}/healthz", server)
                time.sleep(1.0)  # let every granian worker come up
                master, pids = granian_workers(server.pid)
                print(
                    f"[{name}] serving on :{port}, granian {master} workers {pids}; "
                    f"{args.participants} phones for {args.seconds:g} s …",
                    file=sys.stderr,
                    flush=True,
                )
                before = loadavg()
                run = Run(args, f"http://{HOST}:{port}", setup)
                kill = (lambda: kill_one_worker(server.pid)) if args.kill_worker else None
                began = time.perf_counter()
                failure = ""
                try:
                    asyncio.run(run.main(kill))
                except Exception as exc:  # report what was measured, and why it stopped
                    failure = f"{type(exc).__name__}: {exc}"
                wall = time.perf_counter() - began
                after = loadavg()
                time.sleep(0.5)
                counted = count_answers(env, tmp)
                run.counted_poll = count_answers(
                    env,
                    tmp,
                    f"SELECT count(*) FROM workshops_answer WHERE activity_id = {run.poll}",
                )
                alive = server.poll() is None
                _master, pids_after = granian_workers(server.pid)
        finally:
            if server is not None and server.poll() is None:
                server.send_signal(signal.SIGTERM)
                try:
                    server.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    server.kill()
            if name == "production" and database:
                psql(
                    args.database_url,
                    f"DROP DATABASE IF EXISTS {database} WITH (FORCE)",
                    "postgres",
                )
        log_text = log_path.read_text(errors="replace")
        log_tail = log_text[-4000:]
        # The server's warnings and errors (not the task worker's routine lines), first 20.
        log_problems = [
            line
            for line in log_text.splitlines()
            if re.search(r"ERROR|WARNING|Traceback|Error:", line) and "django_tasks" not in line
        ][:20]
    result = summarise(
        name, args, run, setup, counted, workers, alive, pids, pids_after, before, after, wall
    )
    if failure:
        result["failure"] = failure
        result["target_met"] = False
    if not result["target_met"]:
        result["server_log_tail"] = log_tail[-1500:]
    if log_problems:
        result["server_log_problems"] = log_problems
    return result


def summarise(
    name: str,
    args: argparse.Namespace,
    run: Run,
    setup: dict[str, Any],
    counted: int,
    workers: int,
    alive: bool,
    pids: list[int],
    pids_after: list[int],
    before: list[float],
    after: list[float],
    wall: float,
) -> dict[str, Any]:
    f = run.figures
    acked = [v for v in f.votes if v.acked is not None]
    propagation: list[float] = []
    by_activity = {}
    # A poll vote sent after the projector moved on to the next question is stored (and
    # counted below) but never shown as part of the poll's count: leave it out here.
    moved_on = min((t for t, a, _n in f.presenter if a == run.second), default=float("inf"))
    late = {id(v) for v in acked if v.activity == run.poll and v.sent >= moved_on}
    for activity in (run.poll, run.second):
        votes = [(v.sent, v.acked) for v in acked if v.activity == activity and id(v) not in late]
        events = [(t, n) for t, a, n in f.presenter if a == activity]
        values = propagation_ms(votes, events)
        by_activity[activity] = values
        propagation += values
    unseen = sum(1 for p in propagation if p == float("inf"))

    def rounded(value: float | None) -> float | None:
        """Milliseconds to 0.1; ``None`` for nothing measured or a vote never shown."""
        if value is None or math.isinf(value):
            return None
        return round(value, 1)

    result = {
        "setup": name,
        "participants": args.participants,
        "seconds": args.seconds,
        "database": "postgresql" if name == "production" else "sqlite",
        "redis": name == "production",
        "server_workers": workers,
        "joined": len(f.joins_ms),
        "join_errors": f.join_errors,
        "join_p50_ms": rounded(percentile(f.joins_ms, 50)),
        "join_p95_ms": rounded(percentile(f.joins_ms, 95)),
        "propagation_p50_ms": rounded(percentile(propagation, 50)),
        "propagation_p95_ms": rounded(percentile(propagation, 95)),
        "propagation_max_ms": rounded(max(propagation, default=None)),
        "propagation_p95_ms_by_question": {
            setup["poll"] == a and "poll" or setup["second_kind"]: rounded(percentile(v, 95))
            for a, v in by_activity.items()
        },
        "propagation_unseen": unseen,
        # What the projector showed last for each question, against what was acknowledged.
        "presenter_last_answered": {
            setup["poll"] == a and "poll" or setup["second_kind"]: max(
                (n for _t, b, n in f.presenter if b == a), default=0
            )
            for a in (run.poll, run.second)
        },
        "presenter_last_update_s": round(
            max((t for t, _a, _n in f.presenter), default=run.t0) - run.t0, 1
        ),
        "votes_after_room_moved_on": len(late),
        "room_in_at_s": None if f.room_in_at is None else round(f.room_in_at, 1),
        "facilitator_moved_on_at_s": None if f.moved_on_at is None else round(f.moved_on_at, 1),
        "votes_sent": len(f.votes),
        "votes_acknowledged": len(acked),
        "votes_counted": counted,
        "poll_answers_counted": run.counted_poll,
        "votes_lost": len(acked) - counted,
        "vote_p95_ms": rounded(percentile([(v.acked - v.sent) * 1000 for v in acked], 95)),
        "vote_retries": f.vote_retries,
        "vote_errors": f.vote_errors,
        "presenter_updates": len(f.presenter),
        "question_fetches": f.fetches,
        "questions_in_stream": f.questions_streamed,
        "killed_worker": f.killed_pid is not None,
        "killed_pid": f.killed_pid,
        "killed_at_s": None if f.killed_at is None else round(f.killed_at, 1),
        "workers_before": pids,
        "workers_after": pids_after,
        "server_alive_after": alive,
        "reconnects": f.reconnects,
        "second_question": setup["second_kind"],
        "client_loop_lag_p95_ms": rounded(percentile(f.loop_lag_ms, 95)),
        "healthz_p50_ms": rounded(percentile(f.healthz_ms, 50)),
        "healthz_p95_ms": rounded(percentile(f.healthz_ms, 95)),
        "wall_seconds": round(wall, 1),
        "load_average_before": before,
        "load_average_after": after,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{os.cpu_count()} CPUs ({cpu_model()}), Python {platform.python_version()}",
    }
    p95 = percentile(propagation, 95)
    result["target_met"] = bool(
        p95 is not None
        and p95 <= TARGET_P95_MS
        and result["votes_lost"] == 0
        and len(acked) == len(f.votes)
        and alive
    )
    return result


def show(result: dict[str, Any]) -> None:
    killed = f", one killed at {result['killed_at_s']} s" if result["killed_worker"] else ""
    print(
        f"{result['setup']}: {result['participants']} phones, {result['database']}"
        f"{' + redis' if result['redis'] else ''}, {result['server_workers']} worker(s)"
        f"{killed}\n"
        f"  join p50/p95 {result['join_p50_ms']}/{result['join_p95_ms']} ms, "
        f"propagation p50/p95 {result['propagation_p50_ms']}/{result['propagation_p95_ms']} ms "
        f"(max {result['propagation_max_ms']}, unseen {result['propagation_unseen']})\n"
        f"  votes sent {result['votes_sent']}, acknowledged {result['votes_acknowledged']}, "
        f"counted {result['votes_counted']}, lost {result['votes_lost']}; "
        f"retries {result['vote_retries']}, reconnects {result['reconnects']}, "
        f"errors {result['vote_errors']}\n"
        f"  load average {result['load_average_before']} → {result['load_average_after']}; "
        f"target {'met' if result['target_met'] else 'MISSED'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=1000)
    # 60 s: the room has 18 s to answer each question (55 answers a second from 1,000).
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--setup", choices=("production", "demo"))
    parser.add_argument("--kill-worker", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/verkstad_bench_live",
        help="production: a PostgreSQL database to create, use and drop",
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--threads", type=int, default=4, help="VERKSTAD_WEB_THREADS")
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    random.seed(args.seed)
    setups = [args.setup] if args.setup else ["production", "demo"]
    results = [run_setup(name, args) for name in setups]
    if args.json:
        print(json.dumps(results[0] if args.setup else results, indent=2))
    else:
        for result in results:
            show(result)
    return 0 if all(r["target_met"] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
