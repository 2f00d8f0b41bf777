"""``qa bench squad``: retrieval and quoting on SQuAD v1.1, a corpus nobody here wrote.

Each article becomes one document (its title, then its paragraphs separated
by blank lines); the gold answers become character spans in that document.
A store is built in a temporary folder, and a fixed random sample of
questions is asked in each retrieval mode. A quote hits when it comes from
the gold article and overlaps a gold answer span or contains an answer text
(case and whitespace folded). Reported: hit of the top quote and of any of
the top three, abstentions, the same counting the closest passages when the
engine abstained, the top quote's length, build time and query latency.

Left out on purpose: exact-match/F1 scoring of extracted answers. The
engine quotes whole sentences, so the question is whether the right sentence
is quoted, not whether the shortest span is found.
"""

from __future__ import annotations

import json
import random
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from index.chunk import fold
from qa.errors import QAError


class SquadError(QAError):
    """A benchmark file that cannot be read as SQuAD v1.1."""


@dataclass(frozen=True)
class Question:
    id: str
    doc_id: str
    question: str
    spans: tuple[tuple[int, int], ...]  # gold answers as offsets into the document text
    answers: tuple[str, ...]


@dataclass
class Corpus:
    docs: dict[str, str]  # doc_id -> text
    questions: list[Question]
    paragraphs: int


def load(path: Path | str) -> dict:
    """The SQuAD JSON, checked for the keys we use."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise SquadError(f"{path}: cannot read the benchmark file ({e.strerror}); pass its path with --file.") from e
    except ValueError as e:
        raise SquadError(f"{path}: not JSON ({e}); pass a SQuAD v1.1 file with --file.") from e
    articles = data.get("data") if isinstance(data, dict) else None
    if not isinstance(articles, list) or not articles:
        raise SquadError(f"{path}: no 'data' list of articles; pass a SQuAD v1.1 file with --file.")
    for i, a in enumerate(articles):
        if not isinstance(a, dict) or "title" not in a or not isinstance(a.get("paragraphs"), list):
            raise SquadError(f"{path}: article #{i + 1}: needs 'title' and a 'paragraphs' list, as in SQuAD v1.1.")
        for j, p in enumerate(a["paragraphs"]):
            if not isinstance(p, dict) or not isinstance(p.get("context"), str) or not isinstance(p.get("qas"), list):
                raise SquadError(f"{path}: article {a['title']!r}, paragraph #{j + 1}: needs 'context' and 'qas', as in SQuAD v1.1.")
    return data


def to_corpus(data: dict) -> Corpus:
    """Documents (title, blank line, paragraphs separated by blank lines) and questions with gold spans.

    >>> c = to_corpus({"data": [{"title": "Big_Cats", "paragraphs": [{"context": "Lions roar.", "qas": [
    ...     {"id": "q1", "question": "What do lions do?", "answers": [{"text": "roar", "answer_start": 6}]}]}]}]})
    >>> c.docs["00_Big_Cats"], c.questions[0].spans
    ('Big Cats\\n\\nLions roar.\\n', ((16, 20),))
    """
    docs, questions, paragraphs = {}, [], 0
    for i, article in enumerate(data["data"]):
        doc_id = f"{i:02d}_{re.sub(r'[^A-Za-z0-9]+', '_', article['title']).strip('_') or 'article'}"
        text = article["title"].replace("_", " ").strip() + "\n\n"
        for p in article["paragraphs"]:
            paragraphs += 1
            offset = len(text)
            text += p["context"] + "\n\n"
            for qa in p["qas"]:
                answers = [a for a in qa.get("answers", []) if isinstance(a, dict) and a.get("text")]
                spans = {(offset + a["answer_start"], offset + a["answer_start"] + len(a["text"])) for a in answers
                         if p["context"][a["answer_start"] : a["answer_start"] + len(a["text"])] == a["text"]}
                texts = tuple(dict.fromkeys(a["text"] for a in answers))
                if texts:
                    questions.append(Question(str(qa.get("id", len(questions))), doc_id, qa["question"], tuple(sorted(spans)), texts))
        docs[doc_id] = text.rstrip("\n") + "\n"
    return Corpus(docs, questions, paragraphs)


def hit(quote: dict, q: Question) -> bool:
    """Does a cited quote come from the gold article and overlap or contain a gold answer?"""
    if quote["doc_id"] != q.doc_id:
        return False
    if any(quote["start"] < e and s < quote["end"] for s, e in q.spans):
        return True
    folded = fold(quote["quote"])
    return any(fold(a) in folded for a in q.answers)


def score(answer: dict, q: Question) -> dict:
    cited = answer.get("citations") or []
    pool = cited or answer.get("closest") or []  # what was shown, or what would have been
    return {
        "top1": bool(cited) and hit(cited[0], q),
        "top3": any(hit(c, q) for c in cited[:3]),
        "abstained": bool(answer.get("abstained")),
        "top1_any": bool(pool) and hit(pool[0], q),
        "top3_any": any(hit(c, q) for c in pool[:3]),
        "chars": len(pool[0]["quote"]) if pool else 0,
        "ms": float(answer.get("took_ms", 0.0)),
    }


def aggregate(scores: list[dict]) -> dict:
    n = max(len(scores), 1)
    ms = sorted(s["ms"] for s in scores) or [0.0]
    chars = [s["chars"] for s in scores if s["chars"]] or [0]
    out = {k: sum(s[k] for s in scores) / n for k in ("top1", "top3", "abstained", "top1_any", "top3_any")}
    return out | {"quote_chars_median": statistics.median(chars), "quote_chars_mean": statistics.fmean(chars),
                  "p50_ms": ms[int(round(0.5 * (len(ms) - 1)))], "p95_ms": ms[int(round(0.95 * (len(ms) - 1)))]}


def bench(path: Path | str, *, settings, sample: int = 1000, seed: int = 0, modes=("hybrid", "bm25", "dense"),
          embedder=None, keep: Path | str | None = None, progress: bool = True) -> dict:
    """Build a store from the benchmark's articles and score a seeded sample of questions in each mode."""
    from qa.engine import Engine

    if sample < 1:
        raise SquadError(f"--sample must be at least 1, not {sample}.")
    if bad := [m for m in modes if m not in ("hybrid", "dense", "bm25")]:
        raise SquadError(f"unknown retrieval mode {bad[0]!r}; use hybrid, bm25 or dense.")
    data = load(path)
    corpus = to_corpus(data)
    chosen = random.Random(seed).sample(corpus.questions, min(sample, len(corpus.questions)))
    t0 = time.perf_counter()
    if embedder is None:
        from index.embed import MiniLM

        embedder = MiniLM()
    load_s = time.perf_counter() - t0
    with tempfile.TemporaryDirectory(prefix="qa-squad-") as tmp:
        work = Path(keep) if keep else Path(tmp)
        docs = work / "docs"
        docs.mkdir(parents=True, exist_ok=True)
        for doc_id, text in corpus.docs.items():
            (docs / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        t0 = time.perf_counter()
        engine = Engine(settings.with_(docs=docs, store=work / "store"), embedder=embedder, progress=progress,
                        log=lambda m: print(m, file=sys.stderr))
        build_s = time.perf_counter() - t0
        counts = {"documents": len(engine.store.docs), "passages": int(len(engine.store.passages)),
                  "sentences": int(len(engine.store.sentences))}
        results = {}
        for mode in modes:
            it = chosen
            if progress:
                from tqdm import tqdm

                it = tqdm(chosen, desc=mode, unit="q", file=sys.stderr, disable=None, leave=False)
            results[mode] = aggregate([score(engine.ask(q.question, k=3, mode=mode).model_dump(), q) for q in it])
    return {"file": str(path), "articles": len(corpus.docs), "paragraphs": corpus.paragraphs, "questions": len(corpus.questions),
            "sample": len(chosen), "seed": seed, "model": embedder.name, "model_load_s": load_s, "build_s": build_s,
            "counts": counts, "modes": results}


def format_results(r: dict) -> str:
    c = r["counts"]
    lines = [
        f"SQuAD: {r['file']}: {r['articles']} articles, {r['paragraphs']:,} paragraphs, {r['questions']:,} questions",
        f"Sample: {r['sample']:,} questions (seed {r['seed']}); model {r['model']}",
        f"Build: {c['documents']} documents, {c['passages']:,} passages, {c['sentences']:,} sentences in {r['build_s']:.1f} s"
        f" (model load {r['model_load_s']:.1f} s, not included)",
        "",
        f"{'mode':<7} {'top1':>6} {'top3':>6} {'abstain':>8} {'top1*':>6} {'top3*':>6} {'quote chars med/mean':>21} {'p50 ms':>7} {'p95 ms':>7}",
    ]
    for mode, m in r["modes"].items():
        lines.append(f"{mode:<7} {m['top1']:>6.3f} {m['top3']:>6.3f} {m['abstained']:>8.3f} {m['top1_any']:>6.3f} {m['top3_any']:>6.3f}"
                     f" {m['quote_chars_median']:>11.0f} / {m['quote_chars_mean']:<7.0f} {m['p50_ms']:>7.1f} {m['p95_ms']:>7.1f}")
    lines += ["", "top1/top3: the top cited quote / any of the top three cited quotes overlaps or contains the gold answer",
              "  (an abstention counts as a miss); *: the same, counting the closest passages shown when the engine abstains."]
    return "\n".join(lines)


def bench_command(path, *, settings, sample: int, seed: int, modes, report_path=None, keep=None) -> int:
    """What ``qa bench squad`` does: run, print, optionally write JSON."""
    r = bench(path, settings=settings, sample=sample, seed=seed, modes=tuple(m.strip() for m in modes if m.strip()), keep=keep)
    print(format_results(r))
    if report_path:
        try:
            Path(report_path).write_text(json.dumps(r, indent=2) + "\n", encoding="utf-8")
        except OSError as e:
            raise SquadError(f"{report_path}: cannot write ({e.strerror}); check the folder exists and is writable.") from e
    return 0
