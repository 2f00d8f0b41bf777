"""The soak test: a real ``qa serve`` under 50 concurrent clients for a minute, watched for errors and memory.

``main`` starts ``qa serve`` (the real model, the documents and store of the
environment, the default web settings except the per-client rate limit,
which loopback clients would all share) on a free loopback port, warms it
up, then runs ``qa.loadgen.run`` and checks: no 5xx or dropped connection,
every well-formed question answered, every malformed one refused with a 4xx,
and the server's resident memory at the end within 10% of what it was after
the warm-up. Writes a JSON report; exits 1 when a check fails.
Left out: memory on systems without /proc (reported as unknown).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from qa.config import ROOT
from qa.errors import QAError


def rss_mb(pid: int) -> float | None:
    """Resident memory of process ``pid`` in MB, from /proc (None where there is no /proc)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(env: dict | None = None, *, start_timeout: float = 300.0):
    """A ``qa serve`` subprocess on a free loopback port; yields (base URL, pid) and always stops it."""
    import httpx

    port = _free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "QA_RATE_LIMIT": "0", **(env or {})}
    log = tempfile.NamedTemporaryFile("w+", prefix="qa-serve-", suffix=".log", delete=False)
    proc = subprocess.Popen([sys.executable, "-m", "qa.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            if proc.poll() is not None:
                raise QAError(f"`qa serve` stopped at start (exit {proc.returncode}); see {log.name}.")
            if time.monotonic() > deadline:
                raise QAError(f"`qa serve` did not answer within {start_timeout:.0f} s; see {log.name}.")
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        yield url, proc.pid
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)  # uvicorn shuts down cleanly on Ctrl-C
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=20)
        log.close()
    Path(log.name).unlink(missing_ok=True)  # kept only when something went wrong, for the message above


def soak(*, clients: int = 50, seconds: float = 60.0, warmup: float = 15.0, env: dict | None = None) -> dict:
    """Run the soak and return its report (``pass`` says whether every check held)."""
    from qa import loadgen

    t0 = time.monotonic()
    with server(env) as (url, pid):
        started = time.monotonic() - t0
        rss_start = rss_mb(pid)
        warm = loadgen.run(url, clients=clients, seconds=warmup, seed=1)
        rss_warm = rss_mb(pid)
        load = loadgen.run(url, clients=clients, seconds=seconds, seed=2)
        rss_end = rss_mb(pid)
    growth = None if rss_warm is None or rss_end is None else round((rss_end - rss_warm) / rss_warm * 100, 2)
    checks = {
        "no_5xx_or_dropped": warm["server_errors"] == 0 and load["server_errors"] == 0,
        "every_well_formed_answered": warm["unanswered"] == 0 and load["unanswered"] == 0,
        "every_malformed_refused_4xx": load["malformed_not_4xx"] == 0,
        "memory_within_10pct_of_warm": growth is None or abs(growth) <= 10,
    }
    return {"clients": clients, "seconds": seconds, "warmup_seconds": warmup, "server_start_s": round(started, 1),
            "rss_mb": {"at_start": _r(rss_start), "after_warmup": _r(rss_warm), "at_end": _r(rss_end), "growth_pct": growth},
            "warmup": warm, "load": load, "checks": checks, "pass": all(checks.values())}


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 1)


def main(argv: list[str] | None = None) -> int:
    """``qa soak``: print a summary, write the JSON report; exit 1 when a check fails."""
    p = argparse.ArgumentParser(prog="qa soak", description="A real `qa serve` under many concurrent clients: errors and memory.")
    p.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    p.add_argument("--seconds", type=float, default=60.0, help="length of the measured run (default 60)")
    p.add_argument("--warmup", type=float, default=15.0, help="seconds of load before memory is first measured (default 15)")
    p.add_argument("--report", default="soak-report.json", metavar="OUT.json", help="where to write the report (default soak-report.json)")
    args = p.parse_args(argv)
    if args.clients < 1 or not 0 < args.seconds <= 3600 or not 0 <= args.warmup <= 3600:
        raise QAError("--clients must be at least 1 and --seconds / --warmup at most 3600; pick smaller numbers.")
    report = soak(clients=args.clients, seconds=args.seconds, warmup=args.warmup)
    Path(args.report).write_text(json.dumps(report, indent=1), encoding="utf-8")
    load, mem = report["load"], report["rss_mb"]
    print(f"{load['requests']} requests from {args.clients} clients in {load['seconds']} s: {load['rps']} answered/s, "
          f"p50 {load['p50_ms']} ms, p95 {load['p95_ms']} ms, by status {load['by_status']}")
    print(f"server memory: {mem['after_warmup']} MB after warm-up, {mem['at_end']} MB at the end ({mem['growth_pct']}%)")
    for name, ok in report["checks"].items():
        print(f"{'ok  ' if ok else 'FAIL'} {name.replace('_', ' ')}")
    print(f"report: {args.report}")
    return 0 if report["pass"] else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except QAError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(1)
