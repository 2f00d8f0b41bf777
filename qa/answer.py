"""Choose the sentences that answer the question, from the retrieved passages.

Candidates are the sentences of the top passages and every run of two
adjacent sentences (a question is often restated in one sentence and
answered in the next), each as it would be quoted: one that ends in a colon
or a question, or a very short one, takes the sentence that follows. A
candidate's score mixes three signals: how close its embedding is to the
question's (a run uses the normalised sum of its sentences' vectors), how
close its passage is, and how many of the question's content words it
contains. The best candidate is quoted, plus up to ``k - 1`` others that
score nearly as well; a quote goes on into the next sentence of its paragraph
when that one leans on it ("They ...", "But ..."). Reader comments are weighted
down; bare headings are poor quotes. Nothing is rephrased: a quote is always a
span of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

import numpy as np

from index.tables import cells
from index.tokens import tokenize

W_SENTENCE, W_PASSAGE, W_WORDS = 0.55, 0.4, 0.1  # chosen on tests/golden/seeds.yaml (see README)
# Explanations ("why", "how") usually take a sentence or two: the question is
# restated in one sentence and answered in the next. Facts ("who", "when",
# "how many") sit in one sentence. Runs are weighted accordingly.
RUN_FACTOR = {True: 1.08, False: 0.94}
_EXPLANATORY = re.compile(r"^\W*(why|how(?! (many|much|long|old|often|far|big|large)\b))|\b(explain|reason|cause|what made)\b", re.I)
NEAR_BEST = 0.12  # further quotes must score within this of the best
# Quotes are chosen in the order of a linear mix of the score and a few more signals of the
# candidate, its passage and its document, fitted by `qa bench ranker` (see README).
RANKER = {"score": 1.0, "cos": 0.1905, "words": 0.4607, "passage_words": 0.2446, "share": -0.2561, "doc": 0.5846, "type": 0.194, "count": 0.0787, "asks": -0.1874}
TOP_PASSAGES = 8
SENTENCES_KEPT = 16384  # what is worked out about a sentence is kept: it is a candidate again and again, question after question
TOP_SENTENCES = 10  # passages of the best-matching sentences join the candidates
MAX_QUOTE_CHARS = 420
SHORT_QUOTE_CHARS, SHORT_PAIR_CHARS = 100, 300  # a quote this short takes the next sentence of its paragraph (see completed)
LABEL_WORDS = 5
_TERMINAL = re.compile(r"[.!?…\"”’')\]]$")
# a count or a bracketed aside closing a label ("Comments (37)", "Like (14)") is not a sentence's end
_TRAILING_ASIDE = re.compile(r"\s*[(\[][^()\[\]]{0,30}[)\]]\s*$")
_ENDS_SENTENCE = re.compile(r"[.!?…]$")
# a sentence that opens leaning on the one before: a pronoun, a demonstrative, a conjunction (see carried_on)
_LEANS = re.compile(r"^\W*(it|its|this|that|these|those|they|them|their|he|his|she|her|such|both|but|however|instead|yet|still|so|thus|only|even|and|also|then)\b"
                    # a count of what the sentence before named, with no noun of its own: "Two were removed within a day."
                    r"|^\W*(one|two|three|four|five|six|seven|eight|nine|ten|half|most|many|some|none|all|few|several|neither|each)"
                    r"\s+(of (them|these|those)|were|was|are|is|had|have|has|did|said|say|came|went|remain(ed)?)\b", re.I)
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class Quote:
    doc: int
    start: int
    end: int
    passage: int
    score: float
    candidate: int = -1  # its index among the candidates it was chosen from


class SentenceTokens:
    """Stemmed token sets of sentences, computed once per sentence and kept,
    each token's inverse document frequency over the passages (from BM25),
    each document's title with its white space folded (see ``is_title``),
    each document's direction once a question needs it (see ``doc_closeness``),
    how each sentence ends and what follows it, once it is a candidate's last (see ``endings``),
    and, when first asked for, every word on the pages, furniture included (see ``unknown_names``)."""

    def __init__(self, store):
        self.store = store
        self.cache: dict[int, frozenset[str]] = {}
        sc = store.bm25.scores
        df = np.diff(np.asarray(sc["indptr"]))
        n = float(sc["num_docs"])
        idf = np.log((n - df + 0.5) / (df + 0.5) + 1.0)
        self.idf = {tok: float(idf[i]) for tok, i in store.bm25.vocab_dict.items() if i < len(idf)}
        self.unseen_idf = float(np.log(n + 1.5))  # a word no passage has is as rare as it gets
        self.titles = [" ".join(d.title.split()) for d in store.docs]
        self._doc_vectors: dict[int, np.ndarray] = {}
        self._by_doc = None  # passage ids sorted by document, and each document's bounds in them
        self._endings = np.full(len(store.sentences), -1, dtype=np.int8)  # see ``endings``; -1 until worked out

    def doc_closeness(self, docs: np.ndarray, qvec: np.ndarray) -> np.ndarray:
        """How close each of ``docs`` is to the question as a whole: the cosine of its direction, the
        normalised sum of its passages' vectors, worked out when a document is first a candidate's
        (a large store's vectors are never all read) and kept."""
        if self._by_doc is None:  # one assignment: a concurrent question sees all of it or none
            owner = np.asarray(self.store.passages[:, 0])
            order = np.argsort(owner, kind="stable")
            self._by_doc = order, np.searchsorted(owner[order], np.arange(len(self.store.docs) + 1))
        order, bounds = self._by_doc
        out = np.empty(len(docs), dtype=np.float64)
        for j, d in enumerate(docs.tolist()):
            v = self._doc_vectors.get(d)
            if v is None:
                rows = np.sort(order[bounds[d] : bounds[d + 1]])
                v = np.asarray(self.store.passage_vectors[rows], dtype=np.float32).sum(axis=0)
                v = self._doc_vectors[d] = v / (np.linalg.norm(v) + 1e-9)
            out[j] = float(v @ qvec)
        return out

    def endings(self, ids: np.ndarray) -> np.ndarray:
        """Bits of each sentence: JOINS when the next sentence is of the same document with only white
        space (no dropped text) between, SAME_LINE when that space has no line break, PROMISES when the
        sentence ends in a colon or a question."""
        out = self._endings[ids]
        sents, docs = self.store.sentences, self.store.docs
        for i in np.unique(ids[out < 0]).tolist():
            d, start, end = (int(x) for x in sents[i, :3])
            text = docs[d].text[start:end]
            bits = PROMISES if text.rstrip().endswith(":") or _ASKS.search(text) else 0
            if (gap := gap_after(self.store, i)) is not None:
                bits |= (JOINS if not gap.strip() else 0) | (SAME_LINE if "\n" not in gap else 0)
            self._endings[i] = bits
        return self._endings[ids]

    @cached_property
    def page_words(self) -> frozenset[str]:
        return frozenset(t for toks in tokenize([d.text for d in self.store.docs]) for t in toks)

    def get(self, ids: list[int]) -> list[frozenset[str]]:
        missing = [i for i in ids if i not in self.cache]
        if missing:
            texts = [self.store.docs[d].text[a:b] for d, a, b in self.store.sentences[missing, :3]]
            for i, toks in zip(missing, tokenize(texts)):
                self.cache[i] = frozenset(toks)
        return [self.cache[i] for i in ids]


@dataclass(frozen=True)
class Candidates:
    first: np.ndarray  # first sentence id of each candidate
    last: np.ndarray  # last sentence id (inclusive): a candidate is a quote as it would be shown (see ``completed``)
    score: np.ndarray  # the hand-made mix below: reported with a quote, and the answer's confidence
    features: dict = field(default_factory=dict)  # name -> array, the ranker's other inputs (see RANKER)

    def rank(self, weights: dict | None = None) -> np.ndarray:
        """The order quotes are chosen in: a linear mix of the score and the features."""
        weights = RANKER if weights is None else weights
        r = weights.get("score", 0.0) * self.score
        for name, values in self.features.items():
            r = r + weights.get(name, 0.0) * values
        return r

    def where(self, keep: np.ndarray) -> "Candidates":
        return Candidates(self.first[keep], self.last[keep], self.score[keep], {k: v[keep] for k, v in self.features.items()})

    def joined(self, other: "Candidates") -> "Candidates":
        return Candidates(np.concatenate([self.first, other.first]), np.concatenate([self.last, other.last]),
                          np.concatenate([self.score, other.score]), {k: np.concatenate([v, other.features[k]]) for k, v in self.features.items()})


# What kind of thing the question wants, and how to recognise a sentence that has one.
_NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen|"
                 "(?:twen|thir|for|fif|six|seven|eigh|nine)ty|dozens?|hundreds?|thousands?|millions?|billions?")
_WANTS = [
    (re.compile(r"\bhow (many|much|long|old|often|large|big)\b|\bwhat (number|percentage|share|proportion)\b", re.I),
     re.compile(rf"\d|\b({_NUMBER_WORDS}|half|percent|majority)\b", re.I)),
    # "At what time ...?": a clock time or a part of the day
    (re.compile(r"\bwhat time\b|\bat what (hour|point of the day)\b", re.I),
     re.compile(r"\b\d{1,2}[:.]\d\d\b|\b\d{1,2}\s*([ap]\.?m\b\.?)|\b(o'clock|midnight|noon|midday|morning|afternoon|evening|night)\b", re.I)),
    (re.compile(r"^\W*((and|but|so)\s+)?when\b|\bwhat (year|date|month|day)\b|\bby when\b|\bdeadline\b", re.I),
     re.compile(r"\b(1[5-9]\d\d|20\d\d|January|February|March|April|May|June|July|August|September|October|November|December|"
                r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|spring|summer|autumn|winter|year|month|week|ago|since)\b", re.I)),
    (re.compile(r"^\W*who\b|\bwhich (person|people|man|woman|group|organi[sz]ation)\b", re.I),
     re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+")),
]
TYPE_MATCH = 1.06
# "How many accounts ...?" is answered by a number that counts accounts, not by
# any number: a sentence with a number followed closely by the counted word.
COUNT_MATCH = 1.1
_COUNTED = re.compile(
    r"\bhow (?:many|much)\s+((?:[\w'’-]+\s+){0,3}?[\w'’-]+?)"
    r"(?=\s+(?:do|does|did|is|are|was|were|has|have|had|can|could|will|would|should|in|on|at|of|for|to|by|from|with)\b|\s*[?,.;:]|\s*$)",
    re.I)
_PARTICIPLE = re.compile(r"\w(ed|ing)$", re.I)
_NUMBER = re.compile(rf"\d[\d,.]*|\b(?:{_NUMBER_WORDS})\b", re.I)
_AMOUNT = re.compile(r"[£$€¥₹]\s?\d|\d\s?(dollars?|pounds?|euros?|pence|cents?|shillings?|francs?|marks?|kron(er|or|a|e)|rupees?|yen|yuan|"
                     r"daler|guineas?|USD|GBP|EUR)\b|\d[sd]\.", re.I)
# "How much did the rebuild cost?", "What was the estimated cost of ...?": an amount of money answers it
# (not "By how much did spending fall?", which a percentage answers)
_ASKS_MONEY = re.compile(r"(?<!\bby )\bhow much\b|\bwhat\b.*\b(cost|price|fee)s?\b", re.I)
_MONEY = {"money", "cost", "price", "fund", "budget", "revenu", "spend", "pay", "fee", "salari", "subsidi", "worth", "dollar", "pound", "euro"}  # stemmed
_NEXT_WORDS = re.compile(r"(?:\W+\w[\w'’-]*){1,3}")
# A sentence that asks a question (often rhetorical) seldom answers one.
QUESTION_FACTOR = 0.85
_ASKS = re.compile(r"\?[\"”’')\]]*\s*$")


def wanted(question: str):
    """The pattern a sentence must contain to have the kind of answer asked for, or None.

    >>> bool(wanted("How many accounts?").search("over 125,000 accounts")), wanted("Why?") is None
    (True, True)
    """
    for asks, has in _WANTS:
        if asks.search(question):
            return has
    return None


@lru_cache(maxsize=1024)  # asked once for the candidates and once for the confidence
def counted(question: str) -> str | None:
    """The stemmed word a "how many/much" question counts ("money" when it asks what something cost), or None.

    >>> counted("How many ISIS-linked accounts has Twitter shut down?"), counted("Why?")
    ('account', None)
    >>> counted("How many public channels tied to the network were studied?")
    'channel'
    >>> counted("How much did the rebuild of the engine cost?"), counted("By how much did spending fall?") == "money"
    ('money', False)
    """
    if _ASKS_MONEY.search(question) and any(t in _MONEY for t in tokenize([question])[0]):
        return "money"
    m = _COUNTED.search(question)
    words = m.group(1).split() if m else []
    while len(words) > 1 and _PARTICIPLE.search(words[-1]):
        words.pop()  # "how many public channels tied to ..." counts channels
    toks = tokenize([" ".join(words)])[0] if words else []
    return toks[-1] if toks else None


def counts(text: str, word: str) -> bool:
    """Whether ``text`` has a number followed within three words by ``word`` (stemmed).

    >>> counts("Twitter removed 125,000 extremist accounts.", "account"), counts("80 million users and many accounts", "account")
    (True, False)
    >>> counts("The agency will contribute £128 million.", "money")
    True
    """
    return counts_each([text], word)[0]


_COUNTED_WORDS: dict[str, frozenset[str]] = {}  # each text's words just after its numbers (see counts_each)


def counts_each(texts: list[str], word: str) -> list[bool]:
    """``counts`` for each of ``texts``. The stemmed words that follow a text's numbers are worked out
    once per text, those of new texts all at once, and kept: a sentence is a candidate for many questions."""
    known = {t: _COUNTED_WORDS.get(t) for t in texts}
    new = [t for t, w in known.items() if w is None]
    if new:
        windows, owner = [], []
        for t in new:
            for m in _NUMBER.finditer(t):
                if a := _NEXT_WORDS.match(t, m.end()):
                    windows.append(a.group(0))
                    owner.append(t)
        after: dict[str, set[str]] = {t: set() for t in new}
        for t, toks in zip(owner, tokenize(windows) if windows else []):
            after[t].update(toks)
        if len(_COUNTED_WORDS) > SENTENCES_KEPT:
            _COUNTED_WORDS.clear()
        for t, words in after.items():
            known[t] = _COUNTED_WORDS[t] = frozenset(words)
    # "how much money": an amount of money counts it
    return [(word in _MONEY and bool(_AMOUNT.search(t))) or word in known[t] for t in texts]


@lru_cache(maxsize=SENTENCES_KEPT)
def bare_label(text: str) -> bool:
    """Whether ``text`` is a label rather than a sentence: it does not end like one (a closing
    quote or bracket aside) and has fewer than ``LABEL_WORDS`` words of letters (numbers,
    dates and symbols do not count). A label answers nothing; a table row ("| Aletsch | 200 |", "Aletsch | 200")
    is data, not a label.

    >>> [bare_label(t) for t in ["Comments (37)", "▶ Play · 11 min 24 sec", "Thu 14 Nov 2024 18.42 CET"]]
    [True, True, True]
    >>> [bare_label(t) for t in ["It rose (by 4%).", "“We won.”", "Voiced by an automated narrator", "Rain."]]
    [False, False, False, False]
    >>> bare_label("| Jakobshavn | 17,000 |"), bare_label("Jakobshavn | 17,000"), bare_label("BEING THE RECOLLECTIONS OF A LOCK-KEEPER AT COLDMERE, 1868–1908")
    (False, False, True)
    >>> bare_label("THE SOFTWARE IS PROVIDED AS IS.")
    False
    """
    if text.lstrip().startswith("|") or (cells(text) and any(c.isdigit() for c in text)):
        return False
    t = _TRAILING_ASIDE.sub("", text.strip()).rstrip("\"”’')]»")
    # a line in capitals is a heading or a title page's line ("BEING THE RECOLLECTIONS OF A LOCK-KEEPER")
    return not _ENDS_SENTENCE.search(t) and (len(_WORD.findall(t)) < LABEL_WORDS or not any(c.islower() for c in t))


@lru_cache(maxsize=SENTENCES_KEPT)
def is_title(text: str, title: str) -> bool:
    """Whether ``text`` is the title line, perhaps with its byline or dateline on the next line.
    A title that is a sentence (a text file whose first line is its first paragraph) does not count.

    >>> is_title("Bees in winter\\nBy Ann Lee", "Bees in winter"), is_title("Bees in winter hives sleep.", "Bees in winter")
    (True, False)
    >>> is_title("Bees sleep in winter.", "Bees sleep in winter.")
    False
    """
    if not title or title.endswith("."):
        return False
    lines = text.strip().split("\n")
    return " ".join(lines[0].split()) == title and len(" ".join(lines[1:]).split()) <= 12


def explanatory(question: str) -> bool:
    """Whether the question asks for an explanation rather than a fact.

    >>> explanatory("Why did they leave?"), explanatory("How many left?"), explanatory("Who left?")
    (True, False, False)
    """
    return bool(_EXPLANATORY.search(question))


def score_candidates(store, tokens: SentenceTokens, qvec: np.ndarray, qtokens: list[str], passages: list[int], *, comment_weight: float, explain: bool = False, wants=None, count: str | None = None) -> Candidates:
    """Single sentences and adjacent pairs of ``passages``, each as it would be quoted (see ``completed``), scored."""
    ids: list[int] = []
    for p in passages:
        lo, hi = store.passages[p, 4:6]
        ids.extend(range(int(lo), int(hi)))
    if not ids:
        z = np.zeros(0, dtype=np.int64)
        return Candidates(z, z, np.zeros(0), {name: np.zeros(0) for name in RANKER if name != "score"})
    s = np.asarray(ids)
    owner = store.sentences[s, 3]
    # pairs: consecutive ids in the same passage
    pair = np.flatnonzero((s[1:] == s[:-1] + 1) & (owner[1:] == owner[:-1]))
    pair = pair[(store.sentences[s[pair + 1], 2] - store.sentences[s[pair], 1]) <= MAX_QUOTE_CHARS]
    # a run stays inside one paragraph: a heading glued to a sentence is a poor quote
    pair = pair[tokens.endings(s[pair]) & SAME_LINE > 0]
    first = np.concatenate([s, s[pair]])
    last = np.concatenate([s, s[pair + 1]])
    # each candidate is scored as it would be quoted: one that ends in a colon or a question, or a
    # very short one, comes with the sentence that follows (see ``completed``), and a span is one candidate
    last = completed(store, tokens, first, last)
    once = np.sort(np.unique(first.astype(np.int64) * len(store.sentences) + last, return_index=True)[1])
    first, last = first[once], last[once]
    cos = _span_vectors(store, first, last) @ qvec
    # share of the question's words (weighted by rarity) that the candidate contains
    q = set(qtokens)
    w = {t: tokens.idf.get(t, tokens.unseen_idf) for t in q}
    total = sum(w.values()) or 1.0
    spans = [range(a, b + 1) for a, b in zip(first.tolist(), last.tolist())]
    tokens.get(sorted({i for r in spans for i in r}))  # a sentence that completes a quote may lie outside the passages
    found = [q & frozenset().union(*(tokens.cache[i] for i in r)) for r in spans]
    words = np.array([sum(w[t] for t in f) for f in found], dtype=np.float64) / total
    cand_owner = store.sentences[first, 3]
    pass_cos = store.passage_vectors[cand_owner] @ qvec
    score = W_SENTENCE * cos + W_PASSAGE * pass_cos + W_WORDS * words
    score = np.where(last > first, score * RUN_FACTOR[explain], score)
    # a heading or label (no closing punctuation) is a poor quote on its own
    doc_text = [store.docs[d].text for d in store.sentences[last, 0]]
    ends = [t[e - 1 : e] for t, e in zip(doc_text, store.sentences[last, 2])]
    terminal = np.array([bool(_TERMINAL.match(c)) for c in ends], dtype=bool)
    score *= np.where(terminal, 1.0, 0.85)
    spans = [store.docs[d].text[a:b] for d, a, b in zip(store.sentences[first, 0], store.sentences[first, 1], store.sentences[last, 2])]
    asks = np.array([bool(_ASKS.search(t)) for t in spans], dtype=bool)
    score *= np.where(asks, QUESTION_FACTOR, 1.0)
    # the document's title names the article; it is no answer, like a label (see bare_label and below)
    titled = np.array([is_title(t, tokens.titles[d]) for t, d in zip(spans, store.sentences[first, 0])], dtype=bool)
    has_type = np.array([bool(wants.search(t)) for t in spans], dtype=bool) if wants is not None else np.zeros(len(spans), dtype=bool)
    has_count = np.array(counts_each(spans, count), dtype=bool) if count is not None else np.zeros(len(spans), dtype=bool)
    score *= np.where(has_type, TYPE_MATCH, 1.0) * np.where(has_count, COUNT_MATCH, 1.0)
    score = np.where(store.passages[cand_owner, 3] == 1, score * comment_weight, score)
    # the ranker's other inputs (RANKER): the share of the question's words in the whole passage
    # and unweighted in the candidate, how close the document as a whole is, the kinds of answer
    cand_docs = store.sentences[first, 0]
    doc_ids = np.unique(cand_docs)
    doc_close = tokens.doc_closeness(doc_ids, qvec)
    in_passage = {}
    for p in passages:
        seen = set().union(*[q & tokens.cache[i] for i in range(int(store.passages[p, 4]), int(store.passages[p, 5]))])
        in_passage[p] = sum(w[t] for t in seen) / total
    features = {
        "cos": cos,
        "words": words,
        "passage_words": np.array([in_passage[p] for p in cand_owner.tolist()], dtype=np.float64),
        "share": np.array([len(f) for f in found], dtype=np.float64) / max(1, len(q)),
        "doc": doc_close[np.searchsorted(doc_ids, cand_docs)],
        "type": has_type.astype(np.float64),
        "count": has_count.astype(np.float64),
        "asks": asks.astype(np.float64),
    }
    # a bare label ("Comments (37)", "▶ Play · 11 min") answers nothing, not even as a closest match, and nor does
    # the document's title, however many of the question's words it has (alone in its passage above a dropped byline)
    keep = ~np.array([bare_label(t) for t in spans], dtype=bool) & ~titled
    return Candidates(first, last, score, features).where(keep)


def _span_vectors(store, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """The direction of each span of sentences ``first`` to ``last``: the normalised sum of its sentences' vectors."""
    v = np.array(store.sentence_vectors[first], dtype=np.float32)
    for k in range(1, int((last - first).max(initial=0)) + 1):
        more = first + k <= last
        v[more] += store.sentence_vectors[(first + k)[more]]
    return v / (np.linalg.norm(v, axis=1, keepdims=True) + 1e-9)


def choose(store, cands: Candidates, *, k: int, weights: dict | None = None) -> list[Quote]:
    """The best-ranked candidate and up to ``k - 1`` others in rank order, not overlapping,
    whose score is nearly as good as its."""
    if not len(cands.score):
        return []
    order = np.argsort(-cands.rank(weights), kind="stable")
    best = float(cands.score[order[0]])
    quotes: list[Quote] = []
    used: set[int] = set()
    for j in order:
        if len(quotes) >= k:
            break
        if cands.score[j] < best - NEAR_BEST:
            continue
        a, b = int(cands.first[j]), int(cands.last[j])
        if used & set(range(a, b + 1)):
            continue
        d, start, _, p = (int(x) for x in store.sentences[a])
        b = carried_on(store, b, start, used)
        used.update(range(a, b + 1))
        end = int(store.sentences[b, 2])
        quotes.append(Quote(d, start, end, p, float(cands.score[j]), int(j)))
    return quotes


def carried_on(store, last: int, start: int, used: set[int] = frozenset()) -> int:
    """The last sentence of a quote as shown, from ``start``: a sentence of the same paragraph that
    leans on the one before ("They ...", "But ...", "Only one in four of them ...", "Two were removed ...") carries it on, so
    the quote takes it too, while the whole stays under ``MAX_QUOTE_CHARS`` and overlaps no quote in ``used``.

    A quote ranks on its own words, and is shown with what completes it: the answer is often in the next breath."""
    sents, docs = store.sentences, store.docs
    while last + 1 not in used and (gap := gap_after(store, last)) is not None and not gap.strip() and "\n" not in gap:
        d, a, b = (int(x) for x in sents[last + 1, :3])
        if b - start > MAX_QUOTE_CHARS or not _LEANS.match(docs[d].text[a:b]):
            break
        last += 1
    return last


def gap_after(store, i: int) -> str | None:
    """The text between sentence ``i`` and the next sentence of its document; None after its last."""
    sents = store.sentences
    if i + 1 >= len(sents) or int(sents[i + 1, 0]) != int(sents[i, 0]):
        return None
    return store.docs[int(sents[i, 0])].text[int(sents[i, 2]) : int(sents[i + 1, 1])]


JOINS, SAME_LINE, PROMISES = 1, 2, 4  # bits of SentenceTokens.endings


def completed(store, tokens: SentenceTokens, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """The last sentence of each quote as it is shown. A quote that ends in a colon promises what
    follows, and one that ends in a question (an FAQ, an interviewer, a rhetorical question) is
    answered by what follows: the next sentence comes too, when nothing but white space (no dropped
    text) lies between and the quote stays short. A very short quote ("Find the valve under the
    sink.") seldom answers alone: the next sentence of its paragraph comes along, if the two stay
    under ``SHORT_PAIR_CHARS``."""
    start = store.sentences[first, 1]
    for _ in range(3):  # a short sentence may take one that ends in a colon, which takes the next in turn
        bits = tokens.endings(last)
        nxt = np.minimum(last + 1, len(store.sentences) - 1)
        end, after = store.sentences[last, 2], store.sentences[nxt, 2]
        promised = (bits & PROMISES > 0) & (after - start <= 2 * MAX_QUOTE_CHARS)
        short = (bits & PROMISES == 0) & (bits & SAME_LINE > 0) & (end - start < SHORT_QUOTE_CHARS) & (after - start <= SHORT_PAIR_CHARS)
        more = (bits & JOINS > 0) & (promised | short)
        if not more.any():
            break
        last = np.where(more, last + 1, last)
    return last


_NAME = re.compile(r"(?<![.?!]\s)(?<!^)\b([A-Z][a-zA-Z]{2,}|[A-Z]{2,})\b")


def unknown_names(question: str, vocab) -> list[str]:
    """Capitalised words of the question (not its first word) absent from ``vocab``: the engine
    passes every word on the pages, so a publisher named only in a page's header
    ("the Calder Institute researchers") is no unknown name.

    >>> unknown_names("Who founded Telegram in Paris?", {"telegram", "found"})
    ['Paris']
    """
    names = _NAME.findall(question.strip())
    if not names:
        return []
    stems = tokenize(names)
    return [n for n, toks in zip(names, stems) if toks and not any(t in vocab for t in toks)]


REPEAT_FACTOR, SAME_SOURCE_FACTOR = 0.9, 1.1  # chosen on follow-up conversations (see README)


def demote_repeats(store, cands: Candidates, said: str) -> Candidates:
    """A follow-up wants something new, most likely from the source it was talking about.

    Candidates already quoted in ``said`` (the previous answer) score lower;
    the other sentences of the documents it quoted score a little higher.
    """
    folded = " ".join(said.split())
    docs = store.sentences[cands.first, 0]
    texts = [" ".join(store.docs[d].text[a:b].split()) for d, a, b in zip(docs, store.sentences[cands.first, 1], store.sentences[cands.last, 2])]
    repeated = np.array([bool(t) and t in folded for t in texts], dtype=bool)
    same = np.isin(docs, docs[repeated]) & ~repeated
    factor = np.where(repeated, REPEAT_FACTOR, np.where(same, SAME_SOURCE_FACTOR, 1.0))
    return replace(cands, score=cands.score * factor)
