"""Web-only options: who may frame or call the app, sub-path, workers, limits.

Built once by ``ui.server.serve`` from the environment (or passed to
``create_app`` directly); nothing else reads these variables:

``QA_FRAME_ANCESTORS``  origins allowed to show the page in a frame, space-separated CSP sources
                        (default ``'self'``: only this server's own pages, e.g. ``/course``)
``QA_CORS_ORIGINS``     origins whose scripts may call the JSON API, space- or comma-separated (default: none)
``QA_ROOT_PATH``        public sub-path when served behind a reverse proxy, e.g. ``/qa``
``QA_WORKERS``          questions answered at once (default 4)
``QA_QUEUE_SIZE``       questions allowed to wait beyond those (default 64); more get 503 "busy"
``QA_BUSY_WAIT_S``      longest wait for a free worker before 503 "busy" (default 10)
``QA_ANSWER_TIMEOUT_S`` longest time spent answering one question, on the API (then 504) or the page (default 20; 0 = no limit)
``QA_RATE_LIMIT``       questions a minute one client address may ask (default 60; 0 = no limit) ...
``QA_RATE_BURST``       ... after a first burst of this many at once (default 30); beyond that, 429
``QA_RELOAD_CHECK_S``   how often the server looks for a newer build of the store (default 2; 0 = never)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.errors import QAError

_KEYWORDS = {"'self'", "'none'"}
_SOURCE = re.compile(r"^(https?|file):(//(\*\.)?[A-Za-z0-9.-]+(:\d+|:\*)?)?/?$")
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d+)?$")


@dataclass(frozen=True)
class WebOptions:
    frame_ancestors: tuple[str, ...] = ("'self'",)
    cors_origins: tuple[str, ...] = ()
    root_path: str = ""
    workers: int = 4
    queue_size: int = 64  # waiting costs no thread; 50 clients at once must not see "busy"
    busy_wait_s: float = 10.0  # how long an API question may wait for a free worker
    answer_timeout_s: float = 20.0  # 0: no limit
    rate_per_minute: float = 60.0  # questions per client address; 0: no limit
    rate_burst: int = 30
    reload_check_s: float = 2.0  # 0: never look for a newer build
    max_body_bytes: int = 64 * 1024


def frame_ancestors(value: str) -> tuple[str, ...]:
    """CSP frame-ancestors sources, checked so nothing else can slip into the header.

    >>> frame_ancestors("'self' https://lms.example.edu")
    ("'self'", 'https://lms.example.edu')
    """
    items = tuple(value.split())
    for item in items:
        if item not in _KEYWORDS and not _SOURCE.match(item):
            raise QAError(f"QA_FRAME_ANCESTORS has {item!r}; list 'self' or origins like https://lms.example.edu, separated by spaces.")
    if "'none'" in items and len(items) > 1:
        raise QAError("QA_FRAME_ANCESTORS mixes 'none' with other sources; use 'none' alone or list the allowed origins.")
    return items or ("'self'",)


def cors_origins(value: str) -> tuple[str, ...]:
    """Exact origins allowed to call the API from a browser; ``*`` is refused on purpose."""
    items = tuple(o.rstrip("/") for o in value.replace(",", " ").split())
    for item in items:
        if not _ORIGIN.match(item):
            raise QAError(f"QA_CORS_ORIGINS has {item!r}; list exact origins like https://lms.example.edu, separated by spaces.")
    return items


def root_path(value: str) -> str:
    value = value.strip().rstrip("/")
    if value and not re.fullmatch(r"(/[A-Za-z0-9._~-]+)+", value):
        raise QAError(f"QA_ROOT_PATH is {value!r}; give the public sub-path like /qa (a leading slash, no host).")
    return value


def _positive(env: dict, name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise QAError(f"{name} is {raw!r}; set it to a whole number of at least 1.")
    return int(raw)


def _number(env: dict, name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise QAError(f"{name} is {raw!r}; set it to a number of 0 or more (0 turns the limit off).")
    return value


def from_env(env: dict) -> WebOptions:
    return WebOptions(
        frame_ancestors=frame_ancestors(env.get("QA_FRAME_ANCESTORS", "")),
        cors_origins=cors_origins(env.get("QA_CORS_ORIGINS", "")),
        root_path=root_path(env.get("QA_ROOT_PATH", "")),
        workers=_positive(env, "QA_WORKERS", WebOptions.workers),
        queue_size=_positive(env, "QA_QUEUE_SIZE", WebOptions.queue_size),
        busy_wait_s=_number(env, "QA_BUSY_WAIT_S", WebOptions.busy_wait_s),
        answer_timeout_s=_number(env, "QA_ANSWER_TIMEOUT_S", WebOptions.answer_timeout_s),
        rate_per_minute=_number(env, "QA_RATE_LIMIT", WebOptions.rate_per_minute),
        rate_burst=_positive(env, "QA_RATE_BURST", WebOptions.rate_burst),
        reload_check_s=_number(env, "QA_RELOAD_CHECK_S", WebOptions.reload_check_s),
    )
