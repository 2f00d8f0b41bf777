"""Choose the sentences that answer the question, from the retrieved passages.

Every candidate sentence of the top passages gets one score mixing three
signals: how close its own embedding is to the question's, how close its
passage is, and how many of the question's content words it contains. The
best sentence is quoted, plus up to ``k - 1`` others that score nearly as
well; a sentence that opens with a pronoun ("He said ...") takes its
predecessor along so the quote stands on its own. Reader comments are
weighted down. Nothing is rephrased: a quote is always a span of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from index.tokens import tokenize

W_SENTENCE, W_PASSAGE, W_WORDS = 0.55, 0.25, 0.30
NEAR_BEST = 0.08  # further quotes must score within this of the best
TOP_PASSAGES = 8
MAX_QUOTE_CHARS = 360
_LEANS_BACK = re.compile(r"^[\"“‘']?(he|she|they|it|this|that|these|those|but|so|and|such|his|her|their)\b", re.I)


@dataclass(frozen=True)
class Quote:
    doc: int
    start: int
    end: int
    passage: int
    score: float


class SentenceTokens:
    """Stemmed token sets of sentences, computed once per sentence and kept."""

    def __init__(self, store):
        self.store = store
        self.cache: dict[int, frozenset[str]] = {}

    def get(self, ids: list[int]) -> list[frozenset[str]]:
        missing = [i for i in ids if i not in self.cache]
        if missing:
            texts = [self.store.docs[d].text[a:b] for d, a, b in self.store.sentences[missing, :3]]
            for i, toks in zip(missing, tokenize(texts)):
                self.cache[i] = frozenset(toks)
        return [self.cache[i] for i in ids]


def score_sentences(store, tokens: SentenceTokens, qvec: np.ndarray, qtokens: list[str], passages: list[int], *, comment_weight: float):
    """Sentence ids of ``passages`` and their scores (same order)."""
    ids: list[int] = []
    for p in passages:
        lo, hi = store.passages[p, 4:6]
        ids.extend(range(int(lo), int(hi)))
    if not ids:
        return [], np.zeros(0)
    ids_arr = np.asarray(ids)
    sent_cos = store.sentence_vectors[ids_arr] @ qvec
    owner = store.sentences[ids_arr, 3]
    pass_cos = store.passage_vectors[owner] @ qvec
    q = set(qtokens)
    words = np.array([len(q & t) / len(q) if q else 0.0 for t in tokens.get(ids)])
    score = W_SENTENCE * sent_cos + W_PASSAGE * pass_cos + W_WORDS * words
    lengths = store.sentences[ids_arr, 2] - store.sentences[ids_arr, 1]
    score = np.where(lengths < 25, score * 0.8, score)  # a bare heading or label is a poor quote
    comment = store.passages[owner, 3] == 1
    score = np.where(comment, score * comment_weight, score)
    return ids, score


def choose(store, ids: list[int], scores: np.ndarray, *, k: int) -> list[Quote]:
    """The best quote and up to ``k - 1`` nearly as good ones, non-overlapping."""
    if not ids:
        return []
    order = np.argsort(-scores, kind="stable")
    best = float(scores[order[0]])
    quotes: list[Quote] = []
    used: set[int] = set()
    for j in order:
        if len(quotes) >= k or scores[j] < best - NEAR_BEST:
            break
        sid = ids[j]
        if sid in used:
            continue
        d, start, end, p = (int(x) for x in store.sentences[sid])
        first = int(store.passages[p, 4])
        prev = sid - 1
        text = store.docs[d].text
        if prev >= first and prev not in used and _LEANS_BACK.match(text[start:end]):
            pstart = int(store.sentences[prev, 1])
            if end - pstart <= MAX_QUOTE_CHARS:
                start = pstart
                used.add(prev)
        used.add(sid)
        quotes.append(Quote(d, start, end, p, float(scores[j])))
    return _merge_adjacent(store, quotes)


def _merge_adjacent(store, quotes: list[Quote]) -> list[Quote]:
    """Two chosen sentences side by side in one passage become one run."""
    out: list[Quote] = []
    for q in quotes:
        for i, o in enumerate(out):
            gap = store.docs[q.doc].text[min(o.end, q.end) : max(o.start, q.start)]
            if o.passage == q.passage and not gap.strip() and max(o.end, q.end) - min(o.start, q.start) <= MAX_QUOTE_CHARS:
                out[i] = Quote(o.doc, min(o.start, q.start), max(o.end, q.end), o.passage, max(o.score, q.score))
                break
        else:
            out.append(q)
    return out
