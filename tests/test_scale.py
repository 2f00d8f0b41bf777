"""The dense index chosen by size, its recall against brute force, and the tiled stores of ``qa bench scale``.

Fast: random vectors and the hashing embedder, no model. Timings are never asserted.
"""

from __future__ import annotations

import faiss
import numpy as np
import pytest

from index import store as st
from index.build import dense_index, ensure_store
from qa.scale import _settings, exact_topk, recall_at, tile, tile_job


def unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def clustered(n: int, dim: int = 128, *, centres: int = 200, spread: float = 1.2, seed: int = 0) -> np.ndarray:
    """Unit vectors around random centres: topics, as real passage embeddings have."""
    rng = np.random.default_rng(seed)
    c = rng.standard_normal((centres, dim))
    return unit(c[rng.integers(0, centres, n)] + spread * rng.standard_normal((n, dim)))


@pytest.mark.parametrize("n, threshold, kind, expected", [
    (99, 100, "auto", faiss.IndexFlatIP),
    (100, 100, "auto", faiss.IndexHNSWFlat),
    (500, 100, "flat", faiss.IndexFlatIP),  # forced exact above the threshold
    (5, 100, "hnsw", faiss.IndexHNSWFlat),  # forced approximate below it
])
def test_auto_picks_by_size_and_forcing_wins(n, threshold, kind, expected):
    index = dense_index(clustered(n, 16), kind=kind, exact_below=threshold)
    assert type(index) is expected and index.ntotal == n


def test_unknown_kind_says_what_to_use():
    with pytest.raises(ValueError, match="use auto, flat or hnsw"):
        dense_index(clustered(10, 8), kind="ivf")


def test_hnsw_searches_with_the_configured_breadth_before_and_after_saving(tmp_path):
    index = dense_index(clustered(50, 8), kind="hnsw", ef_search=77)
    assert index.hnsw.efSearch == 77
    faiss.write_index(index, str(tmp_path / "x.faiss"))
    again = st._read_index(tmp_path / "x.faiss", {"settings": {"hnsw_ef_search": 91}})
    assert again.hnsw.efSearch == 91


def test_flat_index_agrees_with_brute_force():
    both = clustered(3050, 64, seed=1)
    x, q = both[:3000], both[3000:]
    scores, ids = dense_index(x, kind="flat").search(q, 10)
    ref = exact_topk(x, q, 10)
    assert (ids == ref).mean() > 0.99  # ties aside, the same ids in the same order
    assert np.allclose(scores, np.take_along_axis(q @ x.T, ref, axis=1), atol=1e-5)
    assert recall_at(dense_index(x, kind="flat"), x, q) == 1.0


def test_exact_topk_on_a_known_case():
    x = unit(np.array([[1, 0], [0.9, 0.1], [0, 1], [-1, 0]], dtype=np.float32))
    assert exact_topk(x, unit(np.array([[1, 0.05]], dtype=np.float32)), 3).tolist() == [[0, 1, 2]]


def test_hnsw_recall_at_10_against_exact():
    # 20k clustered 128-d vectors (nearest cosine ~0.55, as with MiniLM); queries from the same topics
    both = clustered(20_300, seed=3)
    x, q = both[:20_000], both[20_000:]
    index = dense_index(x, kind="auto", exact_below=10_000)
    assert isinstance(index, faiss.IndexHNSWFlat)
    assert recall_at(index, x, q, 10) >= 0.98


def test_tiled_rows_keep_their_offsets(tmp_path, tiny_docs, fake_embedder):
    settings = {"max_passage_chars": 600, "heading_chars": 80, "use_topic_filter": False}
    base = ensure_store(tiny_docs, tmp_path / "s", fake_embedder, settings).store
    P, S = len(base.passages), len(base.sentences)
    docs, passages, sentences, pv, sv = tile(base, 3 * P, noise=0.02, seed=0)
    assert len(passages) == 3 * P and len(sentences) == 3 * S and len(docs) == 3 * len(base.docs)
    assert len({d.doc_id for d in docs}) == len(docs) and len({d.text for d in docs}) == len(docs)
    for (d, a, b, *_), (d0, a0, b0, *_) in zip(passages, np.tile(base.passages, (3, 1))):
        assert docs[d].text[a:b] == base.docs[d0].text[a0:b0]
    for d, a, b, p in sentences:  # every sentence sits inside its passage
        assert passages[p, 0] == d and passages[p, 1] <= a < b <= passages[p, 2]
    assert np.allclose(np.linalg.norm(sv, axis=1), 1, atol=1e-5)
    assert np.array_equal(pv[:P], base.passage_vectors)  # the first copy is the original
    cos = (pv[P : 2 * P] * base.passage_vectors).sum(1)
    assert (cos > 0.8).all() and (cos < 1).all()  # near neighbours, not duplicates


def test_tiling_cuts_at_a_whole_document(tmp_path, tiny_docs, fake_embedder):
    settings = {"max_passage_chars": 600, "heading_chars": 80, "use_topic_filter": False}
    base = ensure_store(tiny_docs, tmp_path / "s", fake_embedder, settings).store
    docs, passages, sentences, _, _ = tile(base, len(base.passages) + 1, noise=0.02, seed=0)
    assert passages[-1, 0] == len(docs) - 1 and sentences[-1, 0] == len(docs) - 1
    assert len(base.passages) < len(passages) < 2 * len(base.passages)


def test_tiled_store_loads_without_rebuilding_and_answers(tmp_path, tiny_docs, fake_embedder):
    from qa.engine import Engine

    base = _settings(tiny_docs, tmp_path / "s", "auto")
    ensure_store(base.docs, base.store, fake_embedder, base.index_dict())
    built = tile_job(base.store, tmp_path / "tiled-docs", tmp_path / "tiled", 9, noise=0.02, seed=0, index="hnsw")
    assert built["index_s"] >= 0 and built["peak_mb"] > 0
    engine = Engine(_settings(tmp_path / "tiled-docs", tmp_path / "tiled", "hnsw"), embedder=fake_embedder, log=lambda m: None)
    assert not engine.rebuilt and len(engine.store.passages) >= 9
    assert isinstance(engine.store.dense, faiss.IndexHNSWFlat)
    a = engine.ask("How long do cats sleep each day?")
    quotes = a.citations or a.closest
    assert quotes and all(c.quote == engine.document(c.doc_id)["text"][c.start : c.end] for c in quotes)
    assert any("sixteen hours" in c.quote for c in quotes)
