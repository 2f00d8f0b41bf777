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
from index.docs import Source, changed, read_folder
from index import tables
from index import title as titles
from index.tokens import tokenize
from qa.errors import StoreError

Log = Callable[[str], None]
BUILD_ATTEMPTS = 3  # builds tried while documents keep changing under them


@dataclass
class BuildResult:
    store: st.Store
    rebuilt: bool
    problems: list[str]
    reused_docs: int = 0


def _pipeline_version() -> str:
    """A hash of the code that decides what a build contains, so changing it rebuilds stores."""
    here = Path(__file__).parent
    h = hashlib.sha256()
    for name in ("docs.py", "formats.py", "blocks.py", "clean.py", "body.py", "title.py", "chunk.py", "tokens.py", "tables.py"):
        h.update((here / name).read_bytes())
    return h.hexdigest()[:16]


PIPELINE = _pipeline_version()


def fingerprint(model: str, settings: dict, docs: list[Source]) -> str:
    key = {"format": st.FORMAT_VERSION, "model": model, "settings": settings, "docs": sorted((d.doc_id, d.sha256) for d in docs)}
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()


def ensure_store(docs_dir: Path, root: Path, embedder, settings: dict, *, force: bool = False, log: Log = lambda m: None, progress: bool = False) -> BuildResult:
    """The current store for ``docs_dir``, building it first if needed.

    A document edited while the build runs is noticed (its hash before and
    after) and the build is made again; if it keeps changing, the build keeps
    the version read first and says so in ``problems``.
    """
    for attempt in range(1, BUILD_ATTEMPTS + 1):
        sources, problems = read_folder(docs_dir)
        fp = fingerprint(embedder.name, settings, sources)
        current, previous = _current(root, fp, embedder.name, settings, force=force, log=log)
        if current is not None:
            return BuildResult(current, False, problems)
        store, reused = build(sources, embedder, settings, previous=previous, progress=progress)
        moved = changed(docs_dir, sources)
        if not moved:
            break
        if attempt < BUILD_ATTEMPTS:
            log(f"{', '.join(moved)} changed while the store was being built; building again.")
        else:
            problems = problems + [f"{name} changed while the store was being built; run `qa build` again once it stops changing"
                                   for name in moved]
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


def _current(root: Path, fp: str, model: str, settings: dict, *, force: bool, log: Log) -> tuple[st.Store | None, st.Store | None]:
    """(the current build if it is up to date, else None; an older build whose vectors may be reused)."""
    manifest = st.read_manifest(root)
    if not manifest or force:
        return None, None
    if manifest.get("fingerprint") == fp:
        try:
            current = _load_if(root, lambda m: m.get("fingerprint") == fp)
        except StoreError as e:
            log(f"{e} Rebuilding it now.")
            return None, None
        if current is not None:
            return current, None
    log("The documents, model or settings changed since the last build; rebuilding the store.")
    if manifest.get("model") == model and manifest.get("settings") == settings:
        try:
            return None, _load_if(root, lambda m: m.get("model") == model and m.get("settings") == settings)
        except StoreError:
            pass
    return None, None


def _load_if(root: Path, wanted: Callable[[dict], bool]) -> st.Store | None:
    """The current build if its own manifest (read with it, not before: another build may have been
    swapped in since) is ``wanted``, else None."""
    store = st.load(root)
    return store if wanted(store.manifest) else None


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
            title = prior[1].title
            reused += 1
        else:
            spans, p, s, pv, title = read_document(src, embedder, settings)
            sv = embedder.encode(tables.read_as(src.text, s[:, 1:3].tolist()))  # a table's row with its column headings
        # renumber to global positions
        p = p.copy()
        s = s.copy()
        p[:, 0] = di
        s[:, 0] = di
        p[:, 4:6] += sum(len(x) for x in srow)
        s[:, 3] += sum(len(x) for x in prow)
        docs.append(st.Doc(src.doc_id, title, src.path, src.sha256, src.text, spans, src.meta, list(src.pages)))
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


def read_document(src: Source, embedder, settings: dict):
    """One document cleaned, cut into passages and sentences, and titled: its spans, passage rows
    (doc, start, end, kind, first and last sentence) and sentence rows (doc, start, end, passage),
    numbered within the document, the passages' vectors and the title."""
    embed = embedder.encode if settings.get("use_topic_filter", True) else None
    spans = clean(src.text, embed=embed, comments_from=src.meta.get("comments_from"), paged=bool(src.pages))
    passages, sentences = chunk(src.text, spans, max_chars=settings["max_passage_chars"], heading_chars=settings["heading_chars"])
    p = np.array([[0, x.start, x.end, st.KINDS.index(x.kind), x.first_sentence, x.last_sentence] for x in passages], dtype=np.int64).reshape(-1, 6)
    owner = np.zeros(len(sentences), dtype=np.int64)
    for pi, x in enumerate(passages):
        owner[x.first_sentence : x.last_sentence] = pi
    s = np.array([[0, a, b, 0] for a, b in sentences], dtype=np.int64).reshape(-1, 4)
    s[:, 3] = owner
    pv = embedder.encode([src.text[a:b] for a, b in p[:, 1:3]])
    article = p[:, 3] == st.KINDS.index("article")
    title = src.title if src.named else titles.choose(src.text, spans, pv[article], (p[:, 2] - p[:, 1])[article], embedder.encode, src.doc_id)
    return spans, p, s, pv, title


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


def dense_index(vectors: np.ndarray, *, kind: str = "auto", exact_below: int = 20_000, ef_search: int = 256,
                m: int = 32, ef_construction: int = 160):
    """An inner-product FAISS index: exact below ``exact_below`` vectors, HNSW from there on.

    ``kind`` forces one: "flat" (exact, brute force) or "hnsw" (approximate,
    graph-based; ``ef_search`` is its query-time breadth, also restored on load).
    Exact search costs time linear in the vectors; HNSW stays near-constant, at
    the price of a slower build, ``m`` graph links per vector (``m * 8`` bytes
    on top of the vector's ``dim * 4``) and a small recall loss, measured
    against exact search by ``qa bench scale``.
    """
    import faiss

    if kind == "auto":
        kind = "flat" if len(vectors) < exact_below else "hnsw"
    dim = vectors.shape[1]
    if kind == "flat":
        index = faiss.IndexFlatIP(dim)
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = ef_construction
        index.hnsw.efSearch = ef_search  # the index in hand must search like the one loaded later
    else:
        raise ValueError(f"unknown dense index kind {kind!r}; use auto, flat or hnsw")
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def _bm25(texts: list[str]):
    import bm25s

    retriever = bm25s.BM25()
    retriever.index(tokenize(texts), show_progress=False)
    return retriever
