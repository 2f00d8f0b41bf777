"""What stands in front of the engine: a body-size limit, framing headers, a rate limit, a busy gate, a time limit.

Plain ASGI middlewares (no buffering of responses), one asyncio gate and a deadline per answer.
Left out on purpose: a full Content-Security-Policy. Gradio's page needs
inline scripts and ``Function`` templates, so only ``frame-ancestors`` is set.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import threading
import time

import anyio

from qa.errors import Busy, RateLimited, TooSlow

BUSY = "The server is busy answering other questions; try again in a few seconds."


async def _json(send, status: int, detail: str, headers: tuple = ()) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *headers]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, before any handler reads them.

    A declared Content-Length is checked up front; a chunked body is read
    (at most ``limit`` + one chunk) and replayed to the app if it fits.
    """

    def __init__(self, app, *, limit: int):
        self.app, self.limit = app, limit
        self.message = f"The request body is larger than {limit // 1024} KB; send a shorter question and history."

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None:
            if not length.isdigit():
                return await _json(send, 400, "The Content-Length header is not a number; send a valid request.")
            if int(length) > self.limit:
                return await _json(send, 413, self.message)
            return await self.app(scope, receive, send)
        if scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            return await self.app(scope, receive, send)
        chunks, size = [], 0
        while True:
            msg = await receive()
            if msg["type"] != "http.request":
                return  # the client went away
            chunks.append(msg.get("body", b""))
            size += len(chunks[-1])
            if size > self.limit:
                return await _json(send, 413, self.message)
            if not msg.get("more_body"):
                break
        replay = [{"type": "http.request", "body": b"".join(chunks), "more_body": False}]

        async def receive_again():
            return replay.pop() if replay else await receive()

        return await self.app(scope, receive_again, send)


class FrameHeaders:
    """Say who may frame our pages: CSP ``frame-ancestors``, plus X-Frame-Options for old browsers."""

    def __init__(self, app, *, ancestors: tuple[str, ...]):
        self.app = app
        extra = [(b"content-security-policy", f"frame-ancestors {' '.join(ancestors)}".encode()),
                 (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin")]
        # X-Frame-Options cannot name other origins; send it only when it says the same as the CSP
        xfo = {("'self'",): b"SAMEORIGIN", ("'none'",): b"DENY"}.get(tuple(ancestors))
        if xfo:
            extra.append((b"x-frame-options", xfo))
        self.extra = extra
        self.names = {k for k, _ in extra}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(msg):
            if msg["type"] == "http.response.start":
                kept = [(k, v) for k, v in msg.get("headers", []) if k.lower() not in self.names]
                msg = {**msg, "headers": kept + self.extra}
            await send(msg)

        return await self.app(scope, receive, send_with_headers)


class RateLimit:
    """At most ``per_minute`` questions a minute from one client address, after a first ``burst``; beyond that, 429.

    A token bucket per address: it holds ``burst`` tokens, refills at
    ``per_minute / 60`` a second, and each question takes one. Only the routes
    that ask a question count: ``POST /api/ask`` and the pages' Gradio events.
    Behind a proxy the address is the one uvicorn takes from X-Forwarded-For.
    """

    ROUTES = re.compile(r"(/api/ask|/gradio_api/(queue/join|(call|call/v2|run|api)/[^/]+))/?$")
    MAX_CLIENTS = 10_000  # past this many addresses, forget those whose bucket has refilled

    def __init__(self, app, *, per_minute: float, burst: int, clock=time.monotonic):
        self.app, self.rate, self.burst, self.clock = app, per_minute / 60.0, max(1, burst), clock
        self.buckets: dict[str, tuple[float, float]] = {}  # address -> (tokens, when counted)
        self.message = (f"You are asking more than {per_minute:g} questions a minute; wait a few seconds, then ask again.")

    def take(self, who: str) -> float:
        """Take a token for ``who``: 0 if there was one, else the seconds until there is."""
        now = self.clock()
        tokens, then = self.buckets.get(who, (self.burst, now))
        tokens = min(self.burst, tokens + (now - then) * self.rate)
        if tokens < 1:
            self.buckets[who] = (tokens, now)
            return (1 - tokens) / self.rate
        self.buckets[who] = (tokens - 1, now)
        if len(self.buckets) > self.MAX_CLIENTS:
            self.buckets = {k: (t, w) for k, (t, w) in self.buckets.items() if t + (now - w) * self.rate < self.burst}
        return 0.0

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and self.rate > 0 and scope["method"] == "POST" and self.ROUTES.search(scope["path"]):
            wait = self.take((scope.get("client") or ("unknown",))[0])
            if wait:
                return await _json(send, RateLimited.status, self.message, ((b"retry-after", str(math.ceil(wait)).encode()),))
        return await self.app(scope, receive, send)


class Deadline:
    """Run a blocking call in a worker thread for at most ``timeout_s`` seconds (0: no limit); longer, TooSlow.

    Python cannot stop a thread, so a call given up on finishes in the
    background (every step of it is bounded by the question limits) while its
    caller moves on. anyio lets a new thread start for each one, so the count
    is bounded here: while ``stray`` given-up calls are still running, a new
    question gets Busy instead of another thread. Shared by the API and the pages.
    """

    def __init__(self, timeout_s: float = 0.0, *, stray: int = 8):
        self._timeout_s, self._stray = timeout_s or None, stray
        self._lock, self.abandoned = threading.Lock(), 0  # given-up calls still running
        self.message = f"The answer took longer than {timeout_s:g} seconds, so it was given up; try again in a moment."

    async def run(self, fn, /, *args):
        if self.abandoned >= self._stray:
            raise Busy(BUSY)
        state = ["waiting"]  # -> running -> done; or, given up first, dropped (never run) / abandoned (still running)

        def call():
            with self._lock:
                if state[0] == "dropped":
                    return None
                state[0] = "running"
            try:
                return fn(*args)
            finally:
                with self._lock:
                    if state[0] == "abandoned":
                        self.abandoned -= 1
                    state[0] = "done"

        try:
            with anyio.fail_after(self._timeout_s):
                return await anyio.to_thread.run_sync(call, abandon_on_cancel=True)
        except TimeoutError:
            raise TooSlow(self.message) from None
        finally:  # given up (timed out, or the client went away): count the thread until it ends
            with self._lock:
                if state[0] == "waiting":
                    state[0] = "dropped"
                elif state[0] == "running":
                    state[0] = "abandoned"
                    self.abandoned += 1


class Gate:
    """At most ``workers`` questions answered at once; ``queue`` more may wait ``wait_s`` seconds; beyond that, Busy.

    Waiting happens on the event loop, so a queued question holds no thread.
    The answer itself runs under ``deadline`` (by default one of ``timeout_s``
    seconds): a question given up with TooSlow frees its worker slot at once.
    """

    def __init__(self, *, workers: int, queue: int, wait_s: float, timeout_s: float = 0.0,
                 deadline: Deadline | None = None):
        self._slots = asyncio.Semaphore(workers)
        self._queue, self._wait_s, self._waiting = queue, wait_s, 0
        self.deadline = deadline or Deadline(timeout_s, stray=2 * workers)

    async def run(self, fn, /, *args):
        if self._slots.locked() and self._waiting >= self._queue:
            raise Busy(BUSY)
        self._waiting += 1
        try:
            await asyncio.wait_for(self._slots.acquire(), self._wait_s)
        except TimeoutError:
            raise Busy(BUSY) from None
        finally:
            self._waiting -= 1
        try:
            return await self.deadline.run(fn, *args)
        finally:
            self._slots.release()
