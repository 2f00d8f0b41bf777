"""The built store: a folder of plain named files with a versioned manifest.

Layout of ``ROOT``::

    ROOT/current -> builds/<id>      symlink, swapped atomically
    ROOT/builds/<id>/manifest.json   format, model, settings, doc hashes, file checksums
                     documents.jsonl one document per line: id, title, path, text, spans
                     passages.npy    int64 rows: doc, start, end, kind, first_sentence, last_sentence
                     sentences.npy   int64 rows: doc, start, end, passage
                     passage_vectors.npy, sentence_vectors.npy   float32, unit length
                     dense.faiss     FAISS index over passage vectors
                     sentences.faiss FAISS index over sentence vectors
                     bm25/           bm25s index over passages

A build is written under a temporary name, renamed into ``builds/`` and only
then pointed at by ``current``; a crash at any moment leaves the previous
store in place. Loading checks the format version and every file's checksum.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.clean import Span
from qa.errors import StoreError

FORMAT_VERSION = 1
KINDS = ("article", "comment")


@dataclass
class Doc:
    doc_id: str
    title: str
    path: str
    sha256: str
    text: str
    spans: list[Span]
    meta: dict = field(default_factory=dict)  # format, author, date, dropped
    pages: list = field(default_factory=list)  # (start, end, page number)


@dataclass
class Store:
    docs: list[Doc]
    passages: np.ndarray  # (n, 6) int64
    sentences: np.ndarray  # (m, 4) int64
    passage_vectors: np.ndarray
    sentence_vectors: np.ndarray
    dense: object  # faiss.Index over passages
    sentence_dense: object  # faiss.Index over sentences
    bm25: object  # bm25s.BM25
    manifest: dict = field(default_factory=dict)
    path: Path | None = None

    def passage_text(self, i: int) -> str:
        d, s, e = self.passages[i, :3]
        return self.docs[d].text[s:e]


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def save(store: Store, root: Path, manifest: dict) -> Path:
    """Write ``store`` as a new build under ``root`` and make it current."""
    try:
        return _save(store, root, manifest)
    except OSError as e:  # read-only folder, full disk: the previous build is still current
        raise StoreError(f"The store could not be written in {root} ({e.strerror or type(e).__name__}); make the folder "
                         "writable and free some space, or point QA_STORE at a folder you can write to, then build again.") from e


def _save(store: Store, root: Path, manifest: dict) -> Path:
    import faiss

    builds = root / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=builds))
    try:
        with open(tmp / "documents.jsonl", "w", encoding="utf-8") as f:
            for d in store.docs:
                row = {"doc_id": d.doc_id, "title": d.title, "path": d.path, "sha256": d.sha256, "text": d.text,
                       "spans": [[s.start, s.end, s.label, s.reason] for s in d.spans], "meta": d.meta, "pages": d.pages}
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        np.save(tmp / "passages.npy", store.passages)
        np.save(tmp / "sentences.npy", store.sentences)
        np.save(tmp / "passage_vectors.npy", store.passage_vectors)
        np.save(tmp / "sentence_vectors.npy", store.sentence_vectors)
        faiss.write_index(store.dense, str(tmp / "dense.faiss"))
        faiss.write_index(store.sentence_dense, str(tmp / "sentences.faiss"))
        store.bm25.save(str(tmp / "bm25"), show_progress=False)
        files = sorted(p for p in tmp.rglob("*") if p.is_file())
        manifest = dict(manifest, format_version=FORMAT_VERSION, created=time.time(),
                        files={str(p.relative_to(tmp)): _file_hash(p) for p in files})
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        for p in files + [tmp / "manifest.json"]:
            with open(p, "rb") as f:
                os.fsync(f.fileno())
        final = builds / f"{time.strftime('%Y%m%d-%H%M%S')}-{manifest['fingerprint'][:12]}-{tmp.name[5:]}"
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    link = root / f".current-{os.getpid()}"
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(Path("builds") / final.name, link)
    os.replace(link, root / "current")  # atomic on POSIX
    _prune(builds, keep=final.name)
    return final


def _prune(builds: Path, keep: str, *, spare: int = 1) -> None:
    """Remove old builds, sparing the newest ``spare`` besides the current one.

    One spare stays so a server still reading the previous build keeps working.
    """
    olds = sorted((p for p in builds.iterdir() if p.name != keep and not p.name.startswith(".tmp-")), key=lambda p: p.stat().st_mtime)
    for p in olds[:-spare] if spare else olds:
        shutil.rmtree(p, ignore_errors=True)
    for p in builds.glob(".tmp-*"):  # leftovers of killed builds, older than a day
        if time.time() - p.stat().st_mtime > 86400:
            shutil.rmtree(p, ignore_errors=True)


def _read_index(path: Path, manifest: dict):
    import faiss

    # mapped, not read: the vectors stay in the page cache, shared by every process serving this build
    index = faiss.read_index(str(path), getattr(faiss, "IO_FLAG_MMAP_IFC", 0))
    if hasattr(index, "hnsw"):
        index.hnsw.efSearch = int(manifest.get("settings", {}).get("hnsw_ef_search", 256))
    return index


def read_manifest(root: Path, *, build: Path | None = None) -> dict | None:
    """The current build's manifest (or that of the build folder ``build``), or None when there is no usable one."""
    try:
        return json.loads(((build or root / "current") / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def load(root: Path, *, verify: bool = True) -> Store:
    """Load the current build; raise StoreError saying how to fix a bad one."""
    import bm25s

    path = (root / "current").resolve()  # once: a build swapped in meanwhile is not read half from each
    manifest = read_manifest(root, build=path)
    if manifest is None:
        raise StoreError(f"No built store in {root}; run `qa build` to create it.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise StoreError(f"The store in {root} has format {manifest.get('format_version')}, this version reads {FORMAT_VERSION}; run `qa build --force`.")
    if verify:
        for name, digest in manifest.get("files", {}).items():
            p = path / name
            if not p.is_file() or _file_hash(p) != digest:
                raise StoreError(f"The store file {name} is missing or damaged; run `qa build --force` to rebuild it.")
    try:
        docs = []
        with open(path / "documents.jsonl", encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                docs.append(Doc(r["doc_id"], r["title"], r["path"], r["sha256"], r["text"], [Span(*s) for s in r["spans"]],
                                r.get("meta", {}), [tuple(p) for p in r.get("pages", [])]))
        return Store(
            docs=docs,
            passages=np.load(path / "passages.npy"),
            sentences=np.load(path / "sentences.npy"),
            # vectors are only read row by row when scoring, so map them instead of loading
            passage_vectors=np.load(path / "passage_vectors.npy", mmap_mode="r"),
            sentence_vectors=np.load(path / "sentence_vectors.npy", mmap_mode="r"),
            dense=_read_index(path / "dense.faiss", manifest),
            sentence_dense=_read_index(path / "sentences.faiss", manifest),
            bm25=bm25s.BM25.load(str(path / "bm25"), show_progress=False),
            manifest=manifest,
            path=path,
        )
    except Exception as e:  # any unreadable file means the same thing to the user
        raise StoreError(f"The store in {root} could not be read ({type(e).__name__}); run `qa build --force` to rebuild it.") from e
