"""``qa bench scale``: build rate, incremental rebuilds, and stores of 10,000 and 100,000 passages.

- build: full builds of the seeds and of SQuAD v1.1 dev articles (real text,
  real model): seconds, passages/s, peak memory; then one document changed
  (only it is re-embedded) and changed back.
- scale: the SQuAD store tiled to N passages. Copy ``c`` of an article is its
  text plus a line ``(copy c)``; its vectors get Gaussian noise, renormalised
  (cosine ~0.9 to the original), so copies are near, not identical,
  neighbours. Indexed with the project's ``dense_index`` and BM25, saved, then
  loaded by an ``Engine`` and asked SQuAD questions: load time, warm ask
  p50/p95 next to the bare query embedding, search times, memory, and
  recall@10 of the FAISS indexes against numpy brute force.

Each job runs in a fresh process, so its peak memory (``ru_maxrss``) is its own.
Left out on purpose: concurrency (see the README's serving notes); embedding
100,000 real passages (its time is extrapolated from the measured build rate).
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from qa.config import ROOT
from qa.errors import QAError
from qa.speed import mem, spawn, table

SQUAD = ROOT.parent / "shared" / "bench" / "squad-dev-v1.1.json"
GOLDEN = ROOT / "tests" / "golden" / "seeds.yaml"
PROBES = 300  # SQuAD questions whose vectors check recall and time the searches


def _settings(docs: Path, store: Path, index: str):
    from qa.config import IndexSettings, Settings

    return Settings(docs=Path(docs), store=Path(store), index=IndexSettings(dense_index=index))


def exact_topk(vectors: np.ndarray, queries: np.ndarray, k: int = 10) -> np.ndarray:
    """Brute-force top-``k`` ids by inner product, best first; the reference for FAISS.

    >>> exact_topk(np.eye(3, dtype=np.float32), np.array([[0, 1, 0.5]], dtype=np.float32), 2).tolist()
    [[1, 2]]
    """
    scores = np.concatenate([queries @ vectors[i : i + 65536].T for i in range(0, len(vectors), 65536)], axis=1)
    k = min(k, scores.shape[1])
    top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(scores, top, axis=1), axis=1, kind="stable")
    return np.take_along_axis(top, order, axis=1)


def recall_at(index, vectors: np.ndarray, queries: np.ndarray, k: int = 10) -> float:
    """Share of the exact top-``k`` that ``index`` finds, averaged over ``queries``."""
    _, got = index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
    want = exact_topk(vectors, queries, k)
    return float(np.mean([len(set(a.tolist()) & set(b.tolist())) / len(b) for a, b in zip(got, want)]))


def squad_texts(path: Path, articles: int) -> tuple[dict[str, str], list[str]]:
    """The first ``articles`` SQuAD articles as documents, and their questions."""
    from qa import squad

    corpus = squad.to_corpus(squad.load(path))
    keep = dict(list(corpus.docs.items())[:articles])
    return keep, [q.question for q in corpus.questions if q.doc_id in keep]


def build_job(docs: Path, store: Path, index: str = "auto", threads: int | None = None) -> dict:
    """A full build with the real model, then one changed document, then changed back."""
    from index.build import ensure_store
    from index.embed import MiniLM

    s, emb = _settings(docs, store, index), MiniLM(threads=threads)
    t = time.perf_counter()
    full = ensure_store(s.docs, s.store, emb, s.index_dict(), force=True)
    out = {"full_s": time.perf_counter() - t, "documents": len(full.store.docs), "passages": len(full.store.passages),
           "sentences": len(full.store.sentences)} | mem()
    first = sorted(docs.glob("*.txt"))[0]
    original = first.read_text(encoding="utf-8")
    for step, text in (("changed", original + "\nOne more paragraph, added to see what a rebuild costs.\n"), ("restored", original)):
        first.write_text(text, encoding="utf-8")
        t = time.perf_counter()
        r = ensure_store(s.docs, s.store, emb, s.index_dict())
        out[f"{step}_s"], out[f"{step}_reused"] = time.perf_counter() - t, r.reused_docs
    return out


def tile(base, target: int, *, noise: float, seed: int):
    """The base store's documents, rows and vectors repeated until ``target`` passages, cut at a document."""
    from index.store import Doc

    D, P, S = len(base.docs), len(base.passages), len(base.sentences)
    copies = max(1, math.ceil(target / P))
    rng = np.random.default_rng(seed)
    docs, prows, srows = [], [], []
    pv = np.empty((copies * P, base.passage_vectors.shape[1]), np.float32)
    sv = np.empty((copies * S, base.sentence_vectors.shape[1]), np.float32)
    for c in range(copies):
        docs += [Doc(f"{d.doc_id}_c{c:03d}" if c else d.doc_id, d.title, "", "", d.text + (f"(copy {c})\n" if c else ""), d.spans)
                 for d in base.docs]
        p, s = base.passages.copy(), base.sentences.copy()
        p[:, 0] += c * D
        p[:, 4:6] += c * S
        s[:, 0] += c * D
        s[:, 3] += c * P
        prows.append(p)
        srows.append(s)
        for src, out, n in ((base.passage_vectors, pv, P), (base.sentence_vectors, sv, S)):
            v = out[c * n : (c + 1) * n]
            v[:] = src
            if c:
                v += rng.standard_normal(v.shape, dtype=np.float32) * noise
                v /= np.linalg.norm(v, axis=1, keepdims=True)
    passages, sentences = np.concatenate(prows), np.concatenate(srows)
    cut = int(passages[min(target, len(passages)) - 1, 0]) + 1  # whole documents only
    np_, ns = int((passages[:, 0] < cut).sum()), int((sentences[:, 0] < cut).sum())
    return docs[:cut], passages[:np_], sentences[:ns], pv[:np_], sv[:ns]


def tile_job(base_store: Path, docs_dir: Path, store: Path, target: int, *, noise: float, seed: int, index: str = "auto") -> dict:
    """Tile, write the documents, index (FAISS + BM25) and save; timed, with this process's peak memory."""
    from index import store as st
    from index.build import _bm25, dense_index, fingerprint
    from index.docs import read_folder

    base = st.load(base_store)
    docs, passages, sentences, pv, sv = tile(base, target, noise=noise, seed=seed)
    docs_dir.mkdir(parents=True, exist_ok=True)
    for d in docs:
        (docs_dir / f"{d.doc_id}.txt").write_text(d.text, encoding="utf-8")
    sources = {x.doc_id: x for x in read_folder(docs_dir)[0]}  # what an Engine will see
    docs = [st.Doc(d.doc_id, d.title, sources[d.doc_id].path, sources[d.doc_id].sha256, d.text, d.spans) for d in docs]
    ix = _settings(docs_dir, store, index).index_dict()
    kw = {"kind": ix["dense_index"], "exact_below": ix["exact_below"], "ef_search": ix["hnsw_ef_search"]}
    t = [time.perf_counter()]
    dense, sentence_dense = dense_index(pv, **kw), dense_index(sv, **kw)
    bm25 = _bm25([docs[d].text[a:b] for d, a, b in passages[:, :3]])
    t.append(time.perf_counter())
    model = base.manifest["model"]
    manifest = {"fingerprint": fingerprint(model, ix, list(sources.values())), "model": model, "settings": ix,
                "docs": {d.doc_id: {"sha256": d.sha256, "path": d.path, "chars": len(d.text)} for d in docs},
                "counts": {"documents": len(docs), "passages": len(passages), "sentences": len(sentences)}, "problems": []}
    path = st.save(st.Store(docs, passages, sentences, pv, sv, dense, sentence_dense, bm25), store, manifest)
    t.append(time.perf_counter())
    disk = sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20
    return {"index_s": t[1] - t[0], "save_s": t[2] - t[1], "disk_mb": disk} | mem()


def ask_job(docs: Path, store: Path, questions: list[str], probes: list[str], *, rounds: int = 2, index: str = "auto",
            threads: int | None = None) -> dict:
    """Load the store into an Engine, time warm ``questions``, then check its indexes against brute force with ``probes``."""
    from index.embed import MiniLM
    from index.tokens import tokenize
    from qa import retrieve, speed
    from qa.engine import Engine

    emb = MiniLM(threads=threads)
    t = time.perf_counter()
    engine = Engine(_settings(docs, store, index), embedder=emb, log=lambda m: None)
    load_s = time.perf_counter() - t
    w = speed.warm(engine, questions, rounds=rounds)
    out = {"load_s": load_s, "rebuilt": engine.rebuilt, "warm": w, "mem": mem(), "passages": len(engine.store.passages),
           "sentences": len(engine.store.sentences), "kinds": tuple("hnsw" if hasattr(ix, "hnsw") else "flat" for ix in (engine.store.dense, engine.store.sentence_dense))}
    s, qv = engine.store, emb.encode(probes)
    toks = tokenize(probes)

    def ms(fn) -> float:
        fn(0)  # warm
        t = time.perf_counter()
        for i in range(len(probes)):
            fn(i)
        return (time.perf_counter() - t) * 1000 / len(probes)

    out["search_ms"] = {"passages (faiss)": ms(lambda i: retrieve.dense_search(s.dense, qv[i], engine.settings.candidates)),
                        "sentences (faiss)": ms(lambda i: retrieve.dense_search(s.sentence_dense, qv[i], 10)),
                        "bm25": ms(lambda i: retrieve.bm25_search(s.bm25, toks[i], engine.settings.candidates, len(s.passages))),
                        "sentences (exact)": ms(lambda i: exact_topk(s.sentence_vectors, qv[i : i + 1], 10))}
    out["recall"] = (recall_at(s.dense, s.passage_vectors, qv), recall_at(s.sentence_dense, s.sentence_vectors, qv))
    return out


def run(*, squad_file: Path = SQUAD, sizes=(10_000, 100_000), articles: int = 48, questions: int = 60, rounds: int = 2,
        noise: float = 0.025, seed: int = 0, index: str = "auto", threads: int | None = None, work: Path | None = None,
        log=lambda m: None) -> dict:
    """Every measurement, as a dict (``format_report`` prints it)."""
    from qa.golden import load_golden

    with tempfile.TemporaryDirectory(prefix="qa-scale-") as tmp:
        work = Path(work or tmp)
        seeds, squad = work / "seeds-docs", work / "squad-docs"
        shutil.copytree(ROOT / "seeds", seeds, dirs_exist_ok=True)  # the build job edits a document
        texts, squad_qs = squad_texts(squad_file, articles)
        squad.mkdir(parents=True, exist_ok=True)
        for doc_id, text in texts.items():
            (squad / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        out = {"build": {}, "stores": {}, "noise": noise, "index": index, "threads": threads}
        ask = dict(rounds=rounds, index=index, threads=threads)
        probes = random.Random(seed).sample(squad_qs, min(max(questions, PROBES), len(squad_qs)))
        sample = probes[:questions]
        for name, docs, qs in (("seeds", seeds, [i.question for i in load_golden(GOLDEN)]), (f"squad-{len(texts)}", squad, sample)):
            log(f"building {name} with the real model, then asking it ...")
            store = work / f"{docs.name[:-5]}-store"
            out["build"][name] = spawn(build_job, docs, store, index, threads)
            out["stores"][name] = spawn(ask_job, docs, store, qs, probes, **ask)
        for n in sizes:
            log(f"tiling SQuAD to {n:,} passages, indexing, asking ...")
            docs, store = work / f"tiled-{n}-docs", work / f"tiled-{n}-store"
            built = spawn(tile_job, work / "squad-store", docs, store, n, noise=noise, seed=seed, index=index)
            out["stores"][f"tiled-{n}"] = spawn(ask_job, docs, store, sample, probes, **ask) | {"built": built}
            if work == Path(tmp):  # 100k passages take ~1.5 GB of disk
                shutil.rmtree(docs), shutil.rmtree(store)
    return out


def format_report(r: dict) -> str:
    rows = [["corpus", "docs", "passages", "sentences", "full build s", "passages/s", "peak MB", "one doc changed s", "changed back s"]]
    for name, b in r["build"].items():
        rows.append([name, str(b["documents"]), f"{b['passages']:,}", f"{b['sentences']:,}", f"{b['full_s']:.1f}",
                     f"{b['passages'] / b['full_s']:.2f}", f"{b['peak_mb']:.0f}", f"{b['changed_s']:.1f}", f"{b['restored_s']:.1f}"])
    last = list(r["build"].values())[-1]
    rate = last["passages"] / last["full_s"]
    lines = ["Build: real text, real model, a fresh process each (a changed document: only it is re-embedded, "
             f"the other {last['changed_reused']} reused)", *table(rows), "",
             f"Stores: dense index setting {r['index']!r}, torch threads {r['threads'] or 'default'}; tiled copies get noise"
             f" {r['noise']} per component (~{1 / math.sqrt(1 + 384 * r['noise'] ** 2):.2f} cosine from the original)"]
    rows = [["store", "passages", "sentences", "index p/s", "index+bm25 s", "save s", "est. build s", "peak MB", "disk MB", "load s"]]
    for name, s in r["stores"].items():
        b = s.get("built")
        rows.append([name, f"{s['passages']:,}", f"{s['sentences']:,}", "/".join(s["kinds"]), f"{b['index_s']:.1f}" if b else "-",
                     f"{b['save_s']:.1f}" if b else "-", f"{s['passages'] / rate:.0f}", f"{b['peak_mb']:.0f}" if b else "-",
                     f"{b['disk_mb']:.0f}" if b else "-", f"{s['load_s']:.1f}"])
    lines += table(rows) + [""]
    seeds = r["stores"]["seeds"]["warm"]["ask_p50_ms"]
    rows = [["store", "ask p50", "p95 ms", "embed p50", "ask/embed", "ask-embed", "vs seeds", "RSS MB", "anon/file", "peak MB", "recall@10 p/s",
             "search ms: passages", "sentences", "bm25", "sentences exact"]]
    for name, s in r["stores"].items():
        a, m = s["warm"], s["mem"]
        rows.append([name, f"{a['ask_p50_ms']:.1f}", f"{a['ask_p95_ms']:.1f}", f"{a['embed_p50_ms']:.1f}", f"{a['ratio_p50']:.2f}x",
                     f"{a['ask_p50_ms'] - a['embed_p50_ms']:.1f}", f"{a['ask_p50_ms'] / seeds:.2f}x", f"{m.get('rss_mb', 0):.0f}", f"{m.get('anon_mb', 0):.0f}/{m.get('file_mb', 0):.0f}",
                     f"{m['peak_mb']:.0f}", f"{s['recall'][0]:.3f}/{s['recall'][1]:.3f}", *(f"{v:.2f}" for v in s["search_ms"].values())])
    lines += table(rows) + [""] + [f"warning: {name} was rebuilt when loaded (documents or pipeline code changed mid-run)"
                                   for name, s in r["stores"].items() if s["rebuilt"]]
    lines += ["est. build s: a real build of that many passages at the last build rate above. peak MB: the build (tiled: index + save).",
              "ask: full Engine.ask in ms, cache cleared each time (seeds: the golden questions; the others: one SQuAD sample).",
              "RSS after the questions: private (heap, model, BM25) / file-backed (mapped FAISS indexes and vectors, libraries:",
              f"page cache, shared between processes). recall@10, search ms: FAISS against numpy brute force, {PROBES} SQuAD questions."]
    return "\n".join(lines)


def report(**kw) -> str:
    """Run everything (the options of ``run``) and return the printed report."""
    return format_report(run(**kw))


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="qa bench scale", description="Build rate, incremental rebuilds, and stores of 10k and 100k passages.")
    p.add_argument("--file", default=str(SQUAD), help="SQuAD v1.1 JSON (default ../shared/bench/squad-dev-v1.1.json)")
    p.add_argument("--articles", type=int, default=48, help="SQuAD articles to build from (default all 48)")
    p.add_argument("--sizes", default=(10_000, 100_000), type=lambda v: tuple(int(x) for x in v.split(",") if x.strip()),
                   help="passages of the tiled stores, comma-separated (default 10000,100000)")
    p.add_argument("--questions", type=int, default=60, help="SQuAD questions asked of each store (default 60)")
    p.add_argument("--rounds", type=int, default=2, help="rounds over the questions (default 2)")
    p.add_argument("--noise", type=float, default=0.025, help="noise per vector component of a copy (default 0.025)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--index", default="auto", choices=["auto", "flat", "hnsw"], help="force the dense index kind (default auto)")
    p.add_argument("--threads", type=int, default=None, help="torch threads for the model (default: torch's own, one per core)")
    p.add_argument("--keep", metavar="DIR", help="work in DIR and keep its documents and stores (default: a temporary folder)")
    return p


def main(argv: list[str] | None = None) -> int:
    """``qa bench scale``: print the report; 0 on success."""
    from qa.config import offline_environment

    args = parser().parse_args(argv)
    offline_environment()
    try:
        print(report(squad_file=Path(args.file), sizes=args.sizes, articles=args.articles, questions=args.questions, rounds=args.rounds,
                     noise=args.noise, seed=args.seed, index=args.index, threads=args.threads,
                     work=Path(args.keep) if args.keep else None, log=lambda m: print(m, file=sys.stderr, flush=True)))
    except QAError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
