"""Load on the JSON API: N clients asking for T seconds; and the HTTP bench (1, 8, 32 clients) built on it.

``run`` sends a mix of in-scope, out-of-scope and malformed questions to
``POST /api/ask`` from ``clients`` concurrent async clients and counts what
came back: a well-formed question must get 200 (an answer or an abstention),
a malformed one a 4xx; anything else, and every 5xx or dropped connection,
is an error. Each well-formed question is made unique by widening the gaps
between its words (which no tokenizer sees), so the engine's answer cache
does not turn the measurement into a cache benchmark.

``bench`` runs ``run`` at several client counts and checks that the largest
count has no errors and keeps >= 90% of the best throughput. ``main`` is
``qa bench http``: against ``--url``, or a ``qa serve`` it starts itself.
Left out: HTML pages and Gradio's queue (the API is what gets scripted).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import time
from dataclasses import dataclass

IN_SCOPE = [
    "Why did ISIS recruiters move their conversations to Telegram?",
    "How does ISIS use love bombing to draw in women online?",
    "How do recruiters customize their pitch to fit each person they target?",
    "What is the main goal of ISIS's social media activity?",
    "How many fighters have left their countries to join ISIS?",
    "Why does the Quilliam report say blocking or censoring jihadist accounts is not enough?",
    "How many ISIS-related accounts has Twitter shut down?",
    "What jobs can a new Islamic State fighter be given?",
    "How do the group's backers get around having their profiles banned?",
    "Why is a smooth-talking in-person recruiter considered a bigger danger than internet posts?",
]
OUT_OF_SCOPE = [
    "What is the capital of France?",
    "How do I make hummus at home?",
    "Who won the 2014 FIFA World Cup final?",
    "How do I reverse a linked list in Python?",
]
MALFORMED = [  # (body, content type): each must be refused with a 4xx
    (b'{"question": ""}', "application/json"),
    (b'{"question": 42}', "application/json"),
    (b'{"question": "cats", "k": 0}', "application/json"),
    (b'{"question": "cats", "colour": "red"}', "application/json"),
    (b'{"question": ', "application/json"),
    (b'{"question": "caf\xff"}', "application/json"),
    (b'{"question": "cats", "history": "earlier"}', "application/json"),
    (b'{"question": "' + b"x" * 70_000 + b'"}', "application/json"),
]
MIXED = {"normal": 0.7, "out_of_scope": 0.15, "malformed": 0.15}
WELL_FORMED = {"normal": 0.85, "out_of_scope": 0.15}


def vary(question: str, n: int) -> str:
    """``question`` with its word gaps widened (1-3 spaces) to spell ``n`` in base 3.

    >>> vary("why did it move", 5)
    'why   did  it move'
    """
    words = question.split(" ")
    out = [words[0]]
    for w in words[1:]:
        out.append(" " * (1 + n % 3) + w)
        n //= 3
    return "".join(out)


@dataclass
class _Tally:
    kind: str
    status: int  # 0: no response (connection refused, reset, timed out)
    ms: float
    note: str = ""


def _wanted(kind: str, status: int) -> bool:
    return 400 <= status < 500 if kind == "malformed" else status == 200


async def _client(http, url: str, deadline: float, rng: random.Random, mix: dict, questions: dict, out: list, seq: list) -> None:
    kinds, weights = list(mix), list(mix.values())
    while time.monotonic() < deadline:
        kind = rng.choices(kinds, weights)[0]
        if kind == "malformed":
            body, ctype = rng.choice(MALFORMED)
        else:
            seq[0] += 1
            pool = questions[kind]
            body, ctype = json.dumps({"question": vary(pool[seq[0] % len(pool)], seq[0] // len(pool))}).encode(), "application/json"
        t0 = time.perf_counter()
        try:
            r = await http.post(url, content=body, headers={"content-type": ctype})
            status, note = r.status_code, "" if _wanted(kind, r.status_code) else r.text[:200]
        except Exception as e:  # the server dropped us: the worst outcome, counted and reported
            status, note = 0, f"{type(e).__name__}: {e}"[:200]
        out.append(_Tally(kind, status, (time.perf_counter() - t0) * 1000, note))


def _percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(p / 100 * len(values)))], 1)


async def _run(base: str, clients: int, seconds: float, mix: dict, questions: dict, seed: int, timeout: float) -> dict:
    import httpx

    url = base.rstrip("/") + "/api/ask"
    out: list[_Tally] = []
    seq = [seed * 1_000_003]
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=timeout, limits=limits) as http:
        t0 = time.monotonic()
        deadline = t0 + seconds
        await asyncio.gather(*(_client(http, url, deadline, random.Random(seed * 1000 + i), mix, questions, out, seq)
                               for i in range(clients)))
        elapsed = time.monotonic() - t0
    return summarise(out, clients=clients, elapsed=elapsed)


def summarise(tallies: list[_Tally], *, clients: int, elapsed: float) -> dict:
    by_status: dict[str, int] = {}
    for t in tallies:
        by_status[str(t.status)] = by_status.get(str(t.status), 0) + 1
    errors = [t for t in tallies if not _wanted(t.kind, t.status)]
    well = [t for t in tallies if t.kind != "malformed"]
    ms = [t.ms for t in well]
    return {
        "clients": clients,
        "seconds": round(elapsed, 2),
        "requests": len(tallies),
        "rps": round(len(well) / elapsed, 2) if elapsed else 0.0,  # answered questions a second; malformed ones are cheap
        "p50_ms": _percentile(ms, 50),
        "p95_ms": _percentile(ms, 95),
        "by_status": dict(sorted(by_status.items())),
        "by_kind": {k: sum(1 for t in tallies if t.kind == k) for k in ("normal", "out_of_scope", "malformed")},
        "server_errors": sum(1 for t in tallies if t.status >= 500 or t.status == 0),
        "unanswered": sum(1 for t in well if t.status != 200),
        "malformed_not_4xx": sum(1 for t in tallies if t.kind == "malformed" and not 400 <= t.status < 500),
        "errors": len(errors),
        "error_samples": sorted({f"{t.kind} -> {t.status or 'no response'}: {t.note}" for t in errors})[:5],
    }


def run(url: str, *, clients: int = 8, seconds: float = 10.0, mix: dict | None = None, in_scope: list[str] | None = None,
        out_of_scope: list[str] | None = None, seed: int = 0, timeout: float = 60.0) -> dict:
    """``clients`` concurrent clients ask ``url``'s API for ``seconds``; returns the counts and latencies as a dict."""
    questions = {"normal": in_scope or IN_SCOPE, "out_of_scope": out_of_scope or OUT_OF_SCOPE}
    return asyncio.run(_run(url, clients, seconds, mix or MIXED, questions, seed, timeout))


def bench(url: str, *, clients: tuple[int, ...] = (1, 8, 32), seconds: float = 15.0, warmup: float = 3.0, **kw) -> dict:
    """``run`` at each client count (well-formed questions only); passes when the largest count has no errors
    and keeps at least 90% of the best throughput."""
    if warmup:
        run(url, clients=max(clients), seconds=warmup, mix=WELL_FORMED, seed=99, **kw)
    rows = [run(url, clients=c, seconds=seconds, mix=WELL_FORMED, seed=c, **kw) for c in clients]
    best = max(r["rps"] for r in rows) or 1.0
    for r in rows:
        r["share_of_best"] = round(r["rps"] / best, 3)
    last = rows[-1]
    return {"url": url, "seconds_each": seconds, "rows": rows, "best_rps": best,
            "pass": last["errors"] == 0 and last["rps"] >= 0.9 * best}


def format_bench(report: dict) -> str:
    """The bench as a small table, one row per client count."""
    lines = ["clients      RPS   p50 ms   p95 ms   errors   share of best"]
    for r in report["rows"]:
        lines.append(f"{r['clients']:>7} {r['rps']:>8.1f} {r['p50_ms'] or 0:>8.0f} {r['p95_ms'] or 0:>8.0f} {r['errors']:>8} "
                     f"{r['share_of_best']:>15.0%}")
    lines.append("pass: the most clients had no errors and kept >= 90% of the best throughput" if report["pass"] else
                 "FAIL: the most clients had errors or fell below 90% of the best throughput")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``qa bench http``: print the table (and write --report); exit 1 when the bench fails."""
    p = argparse.ArgumentParser(prog="qa bench http", description="Throughput and latency of POST /api/ask at several client counts.")
    p.add_argument("--url", help="a running server, e.g. http://127.0.0.1:7860 (default: start `qa serve` on a free port)")
    p.add_argument("--clients", default="1,8,32", help="client counts, comma-separated (default 1,8,32)")
    p.add_argument("--seconds", type=float, default=15.0, help="seconds per client count (default 15)")
    p.add_argument("--report", metavar="OUT.json", help="also write the figures as JSON")
    args = p.parse_args(argv)
    counts = tuple(int(c) for c in args.clients.split(",") if c.strip())
    if args.url:
        report = bench(args.url, clients=counts, seconds=args.seconds)
    else:
        from qa.soak import server

        with server() as (url, _pid):
            report = bench(url, clients=counts, seconds=args.seconds)
    print(format_bench(report))
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=1)
    return 0 if report["pass"] else 1
