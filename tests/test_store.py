"""Build, load, staleness, damage and atomic replacement of the store."""

import json

import numpy as np
import pytest

from index import store as st
from index.build import ensure_store
from qa.errors import NoDocuments, StoreError

SETTINGS = {"max_passage_chars": 600, "heading_chars": 80, "use_topic_filter": False}


def test_round_trip_gives_same_results(tiny_docs, tmp_path, fake_embedder):
    first = ensure_store(tiny_docs, tmp_path / "s", fake_embedder, SETTINGS)
    assert first.rebuilt
    again = ensure_store(tiny_docs, tmp_path / "s", fake_embedder, SETTINGS)
    assert not again.rebuilt  # loaded, not rebuilt
    a, b = first.store, again.store
    assert np.array_equal(a.passages, b.passages) and np.array_equal(a.sentences, b.sentences)
    assert np.allclose(a.passage_vectors, b.passage_vectors)
    q = fake_embedder.encode(["when do volcanoes erupt"])
    assert a.dense.search(q, 3)[1].tolist() == b.dense.search(q, 3)[1].tolist()
    for d, s, e in b.passages[:, :3]:
        assert b.docs[d].text[s:e].strip()


def test_changed_document_rebuilds_and_reuses_the_others(tiny_docs, tmp_path, fake_embedder):
    ensure_store(tiny_docs, tmp_path / "s", fake_embedder, SETTINGS)
    (tiny_docs / "cats.txt").write_text("Cats\n\nCats can jump six times their own length in a single leap.\n", encoding="utf-8")
    r = ensure_store(tiny_docs, tmp_path / "s", fake_embedder, SETTINGS)
    assert r.rebuilt and r.reused_docs == 1
    texts = [r.store.passage_text(i) for i in range(len(r.store.passages))]
    assert any("six times" in t for t in texts) and not any("sixteen hours" in t for t in texts)
    # reused rows still point at the right text
    for i, (d, s, e) in enumerate(r.store.sentences[:, :3]):
        p = r.store.sentences[i, 3]
        assert r.store.passages[p, 0] == d and r.store.passages[p, 1] <= s < e <= r.store.passages[p, 2]


def test_changed_settings_rebuild(tiny_docs, tmp_path, fake_embedder):
    ensure_store(tiny_docs, tmp_path / "s", fake_embedder, SETTINGS)
    r = ensure_store(tiny_docs, tmp_path / "s", fake_embedder, dict(SETTINGS, max_passage_chars=100))
    assert r.rebuilt and r.store.manifest["settings"]["max_passage_chars"] == 100


def test_damaged_file_is_detected_and_rebuilt(tiny_docs, tmp_path, fake_embedder):
    root = tmp_path / "s"
    ensure_store(tiny_docs, root, fake_embedder, SETTINGS)
    target = root / "current" / "passage_vectors.npy"
    data = target.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    with pytest.raises(StoreError, match="passage_vectors.npy.*qa build --force"):
        st.load(root)
    messages = []
    r = ensure_store(tiny_docs, root, fake_embedder, SETTINGS, log=messages.append)
    assert r.rebuilt and any("Rebuilding" in m for m in messages)
    st.load(root)


def test_other_format_version_is_refused(tiny_docs, tmp_path, fake_embedder):
    root = tmp_path / "s"
    ensure_store(tiny_docs, root, fake_embedder, SETTINGS)
    m = root / "current" / "manifest.json"
    m.write_text(json.dumps(dict(json.loads(m.read_text()), format_version=999)))
    with pytest.raises(StoreError, match="format 999"):
        st.load(root)


def test_crash_while_saving_keeps_previous_store(tiny_docs, tmp_path, fake_embedder, monkeypatch):
    root = tmp_path / "s"
    before = ensure_store(tiny_docs, root, fake_embedder, SETTINGS).store
    (tiny_docs / "new.txt").write_text("New\n\nA brand new document about rivers and the sea.\n", encoding="utf-8")

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(np, "save", boom)
    with pytest.raises(RuntimeError):
        ensure_store(tiny_docs, root, fake_embedder, SETTINGS)
    monkeypatch.undo()
    after = st.load(root)
    assert [d.doc_id for d in after.docs] == [d.doc_id for d in before.docs]
    assert not list((root / "builds").glob(".tmp-*"))


def test_empty_folder_is_an_error(tmp_path, fake_embedder):
    (tmp_path / "empty").mkdir()
    with pytest.raises(NoDocuments, match="No readable"):
        ensure_store(tmp_path / "empty", tmp_path / "s", fake_embedder, SETTINGS)


def test_unreadable_documents_are_named_and_the_rest_indexed(tiny_docs, tmp_path, fake_embedder):
    (tiny_docs / "latin1.txt").write_bytes("Caf\xe9 au lait is a drink.".encode("latin-1"))
    (tiny_docs / "empty.txt").write_text("")
    (tiny_docs / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    r = ensure_store(tiny_docs, tmp_path / "s", fake_embedder, SETTINGS)
    joined = "\n".join(r.problems)
    assert "latin1.txt" in joined and "not UTF-8" in joined
    assert "empty.txt" in joined and "blob.txt" in joined
    assert {d.doc_id for d in r.store.docs} == {"cats", "volcanoes"}


def test_a_table_row_is_embedded_with_its_column_headings_and_quoted_as_written(tmp_path, fake_embedder):
    from tests.conftest import write_corpus

    table = ("Age group | Confirmed cases | Admitted to hospital\nUnder 1 year | 14 | 6\n"
             "1 to 4 years | 52 | 8\nTotal | 66 | 14")
    para = "Measles spread quickly through the valley's schools in the spring, and the clinics opened late in the evening."
    more = ["Nurses visited every school twice, and parents could bring younger children along to be vaccinated as well.",
            "By the end of March the number of new cases had fallen each week, and the last clinic closed in early May."]
    docs = write_corpus(tmp_path / "docs", {"outbreak": "\n\n".join(["Measles in the valley", para, table] + more)})
    store = ensure_store(docs, tmp_path / "s", fake_embedder, SETTINGS).store
    doc = store.docs[0]
    rows = {doc.text[a:b]: i for i, (_, a, b, _) in enumerate(store.sentences.tolist())}
    assert "Under 1 year | 14 | 6" in rows  # the row is a sentence of its own, at its own offsets
    read = "Age group: Under 1 year; Confirmed cases: 14; Admitted to hospital: 6"
    assert np.allclose(store.sentence_vectors[rows["Under 1 year | 14 | 6"]], fake_embedder.encode([read])[0])
    assert np.allclose(store.sentence_vectors[rows[para]], fake_embedder.encode([para])[0])
