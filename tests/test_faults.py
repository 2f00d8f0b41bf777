"""Broken documents, a damaged or unwritable store, a build killed half way, a rebuild under a running server.

Each bad document is named and the rest indexed; each store problem says
what to do; no moment of a killed build leaves the store unloadable; a
server answers every question while the store is rebuilt under it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

import httpx
import pytest

from index import store as st
from index.build import ensure_store
from index.embed import HashEmbedder
from qa.config import ROOT
from qa.errors import NoDocuments, StoreError
from tests.conftest import TINY, fake_settings, write_corpus
from tests.ui_support import serving, tiny_engine
from ui.options import WebOptions
from ui.server import create_app

pytestmark = pytest.mark.timeout(300)
SETTINGS = fake_settings().index_dict()


def _build(docs, root, embedder=None, **kw):
    return ensure_store(docs, root, embedder or HashEmbedder(), SETTINGS, **kw)


def test_each_bad_file_is_named_and_the_rest_indexed(tiny_docs, tmp_path):
    (tiny_docs / "latin1.txt").write_bytes("Caf\xe9 au lait is a drink.".encode("latin-1"))
    (tiny_docs / "empty.txt").write_bytes(b"")
    (tiny_docs / "blank.txt").write_bytes(b" \n\t\n")
    (tiny_docs / "blob.txt").write_bytes(bytes(range(256)) * 4)
    (tiny_docs / "wide.txt").write_bytes("Hello in UTF-16.".encode("utf-16"))
    (tiny_docs / "folder.txt").mkdir()
    (tiny_docs / "notes.rtf").write_text("A format we do not read: named with what to save it as.\n")
    (tiny_docs / "photo.jpg").write_bytes(b"\xff\xd8\xff")  # not a document at all: passed over
    r = _build(tiny_docs, tmp_path / "s")
    said = {p.split(":")[0]: p for p in r.problems}
    assert set(said) == {f"skipped {n}.txt" for n in ("latin1", "empty", "blank", "blob", "wide")} | {"skipped notes.rtf"}, r.problems
    assert "save it as .docx or PDF" in said["skipped notes.rtf"]
    assert "not UTF-8" in said["skipped latin1.txt"] and "UTF-16" in said["skipped wide.txt"]
    assert "binary" in said["skipped blob.txt"] and "empty" in said["skipped blank.txt"]
    assert {d.doc_id for d in r.store.docs} == {"cats", "volcanoes"}


def test_duplicates_are_named(tiny_docs, tmp_path):
    (tiny_docs / "sub").mkdir()
    (tiny_docs / "sub" / "copy.txt").write_text(TINY["cats"], encoding="utf-8")
    (tiny_docs / "sub" / "volcanoes.txt").write_text("Volcanoes again\n\nA different text with the same name.\n", encoding="utf-8")
    r = _build(tiny_docs, tmp_path / "s")
    assert any("sub/copy.txt: it is a copy of cats.txt" in p for p in r.problems), r.problems
    assert any("sub/volcanoes.txt: another file already has the id volcanoes" in p for p in r.problems), r.problems
    assert [d.doc_id for d in r.store.docs] == ["cats", "volcanoes"]


def test_an_empty_or_missing_folder_says_what_to_do(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(NoDocuments, match="No readable documents.*add some"):
        _build(tmp_path / "empty", tmp_path / "s")
    with pytest.raises(NoDocuments, match="does not exist; create it or point QA_DOCS"):
        _build(tmp_path / "nowhere", tmp_path / "s")


@pytest.mark.timeout(120)  # a bound, not a speed claim: unwindowed pysbd would take minutes here
def test_a_file_of_one_5mb_line_is_indexed(tiny_docs, tmp_path):
    sentence = "Cats sleep in warm places " + "and they dream of mice, birds and sunny window sills " * 5 + "all day long. "
    (tiny_docs / "huge.txt").write_text(sentence * (5_000_000 // len(sentence)), encoding="utf-8")
    r = _build(tiny_docs, tmp_path / "s")
    huge = next(i for i, d in enumerate(r.store.docs) if d.doc_id == "huge")
    rows = r.store.sentences[r.store.sentences[:, 0] == huge]
    assert len(rows) > 15_000 and int((rows[:, 2] - rows[:, 1]).max()) <= 4000
    text = r.store.docs[huge].text
    assert all(text[s:e] == sentence.strip() for s, e in rows[:100, 1:3])


class Meddler(HashEmbedder):
    """The hashing embedder, rewriting a document each time it embeds (an editor saving mid-build)."""

    def __init__(self, path, times):
        super().__init__()
        self.path, self.times = path, times

    def encode(self, texts, **kw):
        if self.times:
            self.times -= 1
            self.path.write_text(f"Cats\n\nCats were edited {self.times} times while the store was built.\n", encoding="utf-8")
        return super().encode(texts, **kw)


def test_a_file_changed_during_the_build_is_built_again(tiny_docs, tmp_path):
    said = []
    r = _build(tiny_docs, tmp_path / "s", Meddler(tiny_docs / "cats.txt", times=1), log=said.append)
    assert any("cats.txt changed while the store was being built; building again" in m for m in said), said
    assert not r.problems and "edited 0 times" in r.store.docs[0].text


def test_a_file_that_keeps_changing_is_reported_and_built_next_time(tiny_docs, tmp_path):
    r = _build(tiny_docs, tmp_path / "s", Meddler(tiny_docs / "cats.txt", times=1000))
    assert any(p.startswith("cats.txt changed while the store was being built; run `qa build` again") for p in r.problems)
    again = _build(tiny_docs, tmp_path / "s")  # it has stopped changing: the next build picks it up
    assert again.rebuilt and again.store.docs[0].text == (tiny_docs / "cats.txt").read_text(encoding="utf-8")


@pytest.fixture
def built(tiny_docs, tmp_path):
    root = tmp_path / "s"
    _build(tiny_docs, root)
    return root


def _rehash(root):
    """Make the manifest's checksums match damaged files, so the damage itself is what loading meets."""
    m = root / "current" / "manifest.json"
    manifest = json.loads(m.read_text())
    manifest["files"] = {name: st._file_hash(root / "current" / name) for name in manifest["files"]}
    m.write_text(json.dumps(manifest))


DAMAGE = [
    ("missing index", lambda cur: (cur / "dense.faiss").unlink(), "dense.faiss is missing or damaged; run `qa build --force`"),
    ("truncated vectors", lambda cur: (cur / "sentence_vectors.npy").write_bytes(b"\x93NUMPY"), "sentence_vectors.npy is missing or damaged"),
    ("corrupt index, checksums redone", lambda cur: ((cur / "dense.faiss").write_bytes(b"\x00" * 64), _rehash(cur.parent)),
     r"could not be read \(RuntimeError\); run `qa build --force`"),
    ("truncated documents, checksums redone", lambda cur: ((cur / "documents.jsonl").write_text('{"doc_id": "ca'), _rehash(cur.parent)),
     r"could not be read \(JSONDecodeError\)"),
    ("manifest not JSON", lambda cur: (cur / "manifest.json").write_text("{not json"), "No built store in .*; run `qa build`"),
    ("manifest of another format", lambda cur: (cur / "manifest.json").write_text(json.dumps({"format_version": 0})), "format 0, this version reads"),
    ("build folder gone", lambda cur: [p.unlink() for p in cur.iterdir() if p.is_file()], "No built store in .*; run `qa build`"),
]


@pytest.mark.parametrize("name, damage, message", DAMAGE, ids=[d[0] for d in DAMAGE])
def test_a_damaged_store_says_what_to_do_and_is_rebuilt(built, tiny_docs, name, damage, message):
    damage(built / "current")
    with pytest.raises(StoreError, match=message):
        st.load(built)
    r = _build(tiny_docs, built)
    assert r.rebuilt and st.load(built).manifest["counts"]["documents"] == 2


class OtherModel(HashEmbedder):
    name = "other-model@2"


def test_a_store_from_another_model_is_rebuilt_and_never_served(built, tiny_docs, tmp_path):
    from qa.engine import Engine

    engine = Engine(fake_settings(docs=tiny_docs, store=built), embedder=HashEmbedder(), log=lambda m: None)
    said = []
    r = _build(tiny_docs, built, OtherModel(dim=64), log=said.append)
    assert r.rebuilt and any("model or settings changed" in m for m in said)
    with pytest.raises(StoreError, match="another model or settings; restart the server"):
        engine.reload_if_changed()
    assert engine.ask("How long do cats sleep?").citations[0].doc_id == "cats"  # still on its own build


def test_a_build_from_another_model_swapped_in_while_reloading_is_never_served(built, tiny_docs, monkeypatch):
    from qa.engine import Engine

    engine = Engine(fake_settings(docs=tiny_docs, store=built), embedder=HashEmbedder(), log=lambda m: None)
    _build(tiny_docs, built, force=True)  # a newer build of the same model: the server will switch to it ...
    load = st.load

    def swapped(root, **kw):  # ... but before it is read, another model's build takes its place
        _build(tiny_docs, built, OtherModel(dim=64), force=True)
        return load(root, **kw)

    monkeypatch.setattr(st, "load", swapped)
    with pytest.raises(StoreError, match="another model or settings; restart the server"):
        engine.reload_if_changed()
    assert engine.ask("How long do cats sleep?").citations[0].doc_id == "cats"  # still on its own build


def test_a_build_from_another_model_swapped_in_while_checking_the_store_is_not_taken_as_current(built, tiny_docs, monkeypatch):
    load = st.load

    def swapped(root, **kw):  # the manifest said up to date, but before the store is read another model's build takes its place
        ensure_store(tiny_docs, built, OtherModel(dim=64), SETTINGS, force=True)
        monkeypatch.setattr(st, "load", load)
        return load(root, **kw)

    monkeypatch.setattr(st, "load", swapped)
    r = _build(tiny_docs, built)
    assert r.rebuilt and r.store.manifest["model"] == HashEmbedder().name


def test_an_unwritable_store_says_what_to_do_and_keeps_the_previous_build(built, tiny_docs, monkeypatch):
    def refuse(*a, **kw):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    assert not _build(tiny_docs, built).rebuilt  # up to date: reading needs no write access
    (tiny_docs / "otters.txt").write_text("Otters\n\nSea otters hold hands while they sleep.\n", encoding="utf-8")
    with pytest.raises(StoreError, match=r"could not be written in .* \(Permission denied\); make the folder writable"):
        _build(tiny_docs, built)
    assert {d.doc_id for d in st.load(built).docs} == {"cats", "volcanoes"}


def test_a_store_path_under_a_file_says_what_to_do(tiny_docs, tmp_path):
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(StoreError, match="point QA_STORE at a folder you can write to"):
        _build(tiny_docs, tmp_path / "a-file" / "store")


SMALL = {"cats": TINY["cats"], "volcanoes": TINY["volcanoes"],
         "otters": "Otters\n\nSea otters hold hands while they sleep so that they do not drift apart in the water.\n"}


@pytest.mark.model
@pytest.mark.timeout(600)
def test_killing_qa_build_at_any_moment_leaves_a_loadable_store(tmp_path):
    docs, root = write_corpus(tmp_path / "docs", SMALL), tmp_path / "store"
    env = {**os.environ, "QA_DOCS": str(docs), "QA_STORE": str(root), "HF_HUB_OFFLINE": "1"}
    cmd = [sys.executable, "-m", "qa.cli", "build", "--force", "--quiet"]
    t0 = time.monotonic()
    subprocess.run(cmd, env=env, cwd=ROOT, check=True, capture_output=True, timeout=300)
    full = time.monotonic() - t0
    first = st.load(root)
    # at fixed shares of a whole run (imports, model, cleaning, embedding) and right inside the save
    moments = [("after", full * f) for f in (0.1, 0.4, 0.7, 0.9)] + [("saving", d) for d in (0.0, 0.02)]
    mid_save = 0
    for when, delay in moments:
        proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            if when == "saving":
                deadline = time.monotonic() + 300
                while not list((root / "builds").glob(".tmp-*")) and proc.poll() is None and time.monotonic() < deadline:
                    time.sleep(0.002)
                mid_save += proc.poll() is None and bool(list((root / "builds").glob(".tmp-*")))
            time.sleep(delay)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
        store = st.load(root)  # checks every file's checksum
        assert [d.doc_id for d in store.docs] == [d.doc_id for d in first.docs], (when, delay)
        assert store.manifest["fingerprint"] == first.manifest["fingerprint"]
    assert mid_save, "no kill landed while a build was being written"


QUESTIONS = ["How long do cats sleep?", "Why does a volcano erupt?", "Where is Mount Etna?", "What is the capital of France?"]


def test_rebuilding_while_serving_fails_no_question_and_new_ones_use_the_new_build(tmp_path):
    engine = tiny_engine(tmp_path)
    s = engine.settings
    statuses, stop = [], threading.Event()

    def student(i):
        with httpx.Client(base_url=url, timeout=60) as c:
            while not stop.is_set():
                r = c.post("/api/ask", json={"question": f"{QUESTIONS[i % len(QUESTIONS)]} {len(statuses)}"})
                statuses.append(r.status_code)

    with serving(create_app(engine, WebOptions(reload_check_s=0.1, rate_per_minute=0))) as url:
        students = [threading.Thread(target=student, args=(i,)) for i in range(4)]
        for t in students:
            t.start()
        try:
            for _ in range(3):
                ensure_store(s.docs, s.store, HashEmbedder(), s.index_dict(), force=True)
                time.sleep(0.3)
            (s.docs / "otters.txt").write_text(SMALL["otters"], encoding="utf-8")
            ensure_store(s.docs, s.store, HashEmbedder(), s.index_dict())
            ensure_store(s.docs, s.store, OtherModel(dim=64), s.index_dict(), force=True)  # refused: served on
            ensure_store(s.docs, s.store, HashEmbedder(), s.index_dict(), force=True)
            deadline, cited = time.monotonic() + 30, None
            while time.monotonic() < deadline and cited != "otters":
                a = httpx.post(f"{url}/api/ask", json={"question": "Why do sea otters hold hands?"}, timeout=30).json()
                cited = a["citations"][0]["doc_id"] if a["citations"] else None
                time.sleep(0.1)
        finally:
            stop.set()
            for t in students:
                t.join(timeout=60)
    assert cited == "otters"
    assert len(statuses) > 20 and set(statuses) == {200}, sorted(set(statuses))
