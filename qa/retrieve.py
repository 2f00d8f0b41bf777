"""Find the passages most likely to hold the answer: dense, BM25, and both fused.

Reciprocal-rank fusion (Cormack et al., 2009) adds ``1 / (60 + rank)`` from
each ranking, so neither retriever's score scale dominates. Modes exist for
the ablation in ``qa eval --compare``: ``dense``, ``bm25``, ``hybrid``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RRF_K = 60
MODES = ("hybrid", "dense", "bm25")


@dataclass(frozen=True)
class Hit:
    passage: int
    fused: float


def dense_search(index, qvec: np.ndarray, n: int) -> list[int]:
    n = min(n, index.ntotal)
    if n <= 0:
        return []
    _, ids = index.search(qvec.reshape(1, -1).astype(np.float32), n)
    return [int(i) for i in ids[0] if i >= 0]


def bm25_search(retriever, qtokens: list[str], n: int, size: int) -> list[int]:
    n = min(n, size)
    if n <= 0 or not qtokens:
        return []
    ids, scores = retriever.retrieve([qtokens], k=n, show_progress=False, n_threads=0)  # 0: no thread pool per question
    return [int(i) for i, s in zip(ids[0], scores[0]) if s > 0]


def fuse(rankings: list[list[int]], k: int = RRF_K) -> list[Hit]:
    """Reciprocal-rank fusion of ranked id lists, best first.

    >>> [h.passage for h in fuse([[1, 2, 3], [3, 1]])]
    [1, 3, 2]
    """
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, pid in enumerate(ranking):
            scores[pid] = scores.get(pid, 0.0) + 1.0 / (k + rank + 1)
    return [Hit(p, s) for p, s in sorted(scores.items(), key=lambda x: (-x[1], x[0]))]


def search(store, qvec: np.ndarray, qtokens: list[str], *, n: int = 30, mode: str = "hybrid") -> list[Hit]:
    rankings = []
    if mode in ("hybrid", "dense"):
        rankings.append(dense_search(store.dense, qvec, n))
    if mode in ("hybrid", "bm25"):
        rankings.append(bm25_search(store.bm25, qtokens, n, len(store.passages)))
    return fuse(rankings)
