"""Build or refresh the store: read, clean, chunk, embed, index, save.

``ensure_store`` is what every entry point calls: it loads the current
build when it matches the documents, the model and the settings, and
rebuilds otherwise. A rebuild reuses the vectors of documents whose content
and settings did not change, so changing one reading re-embeds only it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from index import store as st
from index.chunk import chunk
from index.clean import clean
from index.docs import Source, read_folder
from index.tokens import tokenize
from qa.errors import StoreError

Log = Callable[[str], None]


@dataclass
class BuildResult:
    store: st.Store
    rebuilt: bool
    problems: list[str]
    reused_docs: int = 0


def fingerprint(model: str, settings: dict, docs: list[Source]) -> str:
    key = {"format": st.FORMAT_VERSION, "model": model, "settings": settings, "docs": sorted((d.doc_id, d.sha256) for d in docs)}
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()


def ensure_store(docs_dir: Path, root: Path, embedder, settings: dict, *, force: bool = False, log: Log = lambda m: None, progress: bool = False) -> BuildResult:
    """The current store for ``docs_dir``, building it first if needed."""
    sources, problems = read_folder(docs_dir)
    fp = fingerprint(embedder.name, settings, sources)
    manifest = st.read_manifest(root)
    previous = None
    if manifest and not force:
        if manifest.get("fingerprint") == fp:
            try:
                return BuildResult(st.load(root), False, problems)
            except StoreError as e:
                log(f"{e} Rebuilding it now.")
        elif manifest.get("model") == embedder.name and manifest.get("settings") == settings:
            try:
                previous = st.load(root)
            except StoreError:
                previous = None
        if manifest.get("fingerprint") != fp:
            log("The documents, model or settings changed since the last build; rebuilding the store.")
    store, reused = build(sources, embedder, settings, previous=previous, progress=progress)
    manifest = {
        "fingerprint": fp,
        "model": embedder.name,
        "settings": settings,
        "docs": {d.doc_id: {"sha256": d.sha256, "path": d.path, "chars": len(d.text)} for d in sources},
        "counts": {"documents": len(sources), "passages": int(len(store.passages)), "sentences": int(len(store.sentences))},
        "problems": problems,
    }
    path = st.save(store, root, manifest)
    store.manifest, store.path = json.loads((path / "manifest.json").read_text()), path
    return BuildResult(store, True, problems, reused)


def build(sources: list[Source], embedder, settings: dict, *, previous: st.Store | None = None, progress: bool = False) -> tuple[st.Store, int]:
    """Clean, chunk and embed every document; vectors of unchanged documents are reused."""
    old = {d.doc_id: (i, d) for i, d in enumerate(previous.docs)} if previous is not None else {}
    docs: list[st.Doc] = []
    prow, srow, pvecs, svecs = [], [], [], []
    reused = 0
    it = sources
    if progress:
        from tqdm import tqdm

        it = tqdm(sources, desc="documents", unit="doc")
    for di, src in enumerate(it):
        prior = old.get(src.doc_id)
        if prior and prior[1].sha256 == src.sha256:
            p, s, pv, sv, spans = _take(previous, prior[0])
            reused += 1
        else:
            embed = embedder.encode if settings.get("use_topic_filter", True) else None
            spans = clean(src.text, embed=embed)
            passages, sentences = chunk(src.text, spans, max_chars=settings["max_passage_chars"], heading_chars=settings["heading_chars"])
            p = np.array([[0, x.start, x.end, st.KINDS.index(x.kind), x.first_sentence, x.last_sentence] for x in passages], dtype=np.int64).reshape(-1, 6)
            owner = np.zeros(len(sentences), dtype=np.int64)
            for pi, x in enumerate(passages):
                owner[x.first_sentence : x.last_sentence] = pi
            s = np.array([[0, a, b, 0] for a, b in sentences], dtype=np.int64).reshape(-1, 4)
            s[:, 3] = owner
            pv = embedder.encode([src.text[a:b] for a, b in p[:, 1:3]])
            sv = embedder.encode([src.text[a:b] for a, b in s[:, 1:3]])
        # renumber to global positions
        p = p.copy()
        s = s.copy()
        p[:, 0] = di
        s[:, 0] = di
        p[:, 4:6] += sum(len(x) for x in srow)
        s[:, 3] += sum(len(x) for x in prow)
        docs.append(st.Doc(src.doc_id, src.title, src.path, src.sha256, src.text, spans))
        prow.append(p)
        srow.append(s)
        pvecs.append(pv)
        svecs.append(sv)
    passages = np.concatenate(prow) if prow else np.zeros((0, 6), np.int64)
    sentences = np.concatenate(srow) if srow else np.zeros((0, 4), np.int64)
    dim = embedder.dim
    pv = np.concatenate(pvecs).astype(np.float32) if pvecs else np.zeros((0, dim), np.float32)
    sv = np.concatenate(svecs).astype(np.float32) if svecs else np.zeros((0, dim), np.float32)
    if not len(passages):
        raise StoreError("The documents contain no text that could be indexed after cleaning; check that they hold article text.")
    kind, threshold = settings.get("dense_index", "auto"), settings.get("exact_below", 50_000)
    store = st.Store(docs=docs, passages=passages, sentences=sentences, passage_vectors=pv, sentence_vectors=sv,
                     dense=dense_index(pv, kind=kind, exact_below=threshold),
                     sentence_dense=dense_index(sv, kind=kind, exact_below=threshold),
                     bm25=_bm25([docs[d].text[a:b] for d, a, b in passages[:, :3]]))
    return store, reused


def _take(previous: st.Store, di: int):
    """Rows and vectors of one document of the previous build, with local numbering."""
    pm = previous.passages[:, 0] == di
    sm = previous.sentences[:, 0] == di
    p, s = previous.passages[pm].copy(), previous.sentences[sm].copy()
    p0 = int(np.flatnonzero(pm)[0]) if pm.any() else 0
    s0 = int(np.flatnonzero(sm)[0]) if sm.any() else 0
    p[:, 4:6] -= s0
    s[:, 3] -= p0
    return p, s, previous.passage_vectors[pm], previous.sentence_vectors[sm], previous.docs[di].spans


def dense_index(vectors: np.ndarray, *, kind: str = "auto", exact_below: int = 50_000):
    """An inner-product FAISS index: exact below ``exact_below`` vectors, HNSW above.

    ``kind`` forces one: "flat" (exact) or "hnsw" (approximate, graph-based).
    """
    import faiss

    if kind == "auto":
        kind = "flat" if len(vectors) < exact_below else "hnsw"
    if kind == "flat":
        index = faiss.IndexFlatIP(vectors.shape[1])
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(vectors.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
    else:
        raise ValueError(f"unknown dense index kind {kind!r}; use auto, flat or hnsw")
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def _bm25(texts: list[str]):
    import bm25s

    retriever = bm25s.BM25()
    retriever.index(tokenize(texts), show_progress=False)
    return retriever
