"""The answer engine: a built store, the embedding model, and ``ask``.

Load once (``Engine(settings)``), then call ``ask`` as often as needed;
repeated questions come from a small cache. Thread-safe for concurrent
``ask`` calls: the store is read-only and the cache is locked.
"""

from __future__ import annotations

import re
import sys
import threading
import time
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from qa import answer as ans
from qa import followup, retrieve
from qa.config import Settings
from qa.errors import BadQuestion, StoreError, UnknownDocument
from index.formats import page_of
from qa.models import Answer, Citation
from qa.speaker import Speakers

ABSTAIN_TEXT = "The readings don't cover this question, so there is nothing to quote. Try asking about something the readings discuss."
# A follow-up is searched with its own vector plus the previous question's, weighted: 0.5 to choose
# its quotes, 0.75 for the confidence that decides whether to abstain (chosen on 76 follow-ups of six
# sets, the best with any one set left out; see README). A follow-up that names nothing of its own
# ("And when was that?") is chosen with 0.75 too: its vector says little more than "when".
FOLLOWUP_CONTEXT_WEIGHT, FOLLOWUP_CONFIDENCE_WEIGHT = 0.5, 0.75
# control characters, and lone surrogates (undecodable bytes in a command-line argument)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_question(question: str, *, max_chars: int) -> str:
    """The question with control characters removed, or BadQuestion saying what to fix."""
    if not isinstance(question, str):
        raise BadQuestion("The question must be text.")
    q = _CONTROL.sub(" ", unicodedata.normalize("NFC", question)).strip()
    if not q:
        raise BadQuestion("The question is empty; type a question about the readings.")
    if len(q) > max_chars:
        raise BadQuestion(f"The question is {len(q):,} characters long; keep it under {max_chars:,} characters.")
    if not any(ch.isalnum() for ch in q):
        raise BadQuestion("The question has no words in it; ask it in words, e.g. 'Why did accounts move to Telegram?'.")
    return q


@dataclass(frozen=True)
class _Active:
    store: object
    tokens: ans.SentenceTokens
    by_id: dict
    speakers: Speakers


def _unit(v: np.ndarray) -> np.ndarray:
    """``v`` scaled to length 1 (left as it is if it has none: a text with no words, to a hashing embedder)."""
    n = float(np.linalg.norm(v))
    return (v / n if n > 0 else v).astype(np.float32)


class Engine:
    def __init__(self, settings: Settings, *, embedder=None, force: bool = False, progress: bool = False, log=None):
        from index.build import ensure_store

        if embedder is None:
            from index.embed import MiniLM

            embedder = MiniLM()
        self.settings = settings
        self.embedder = embedder
        self.log = log or (lambda m: print(m, file=sys.stderr))
        result = ensure_store(settings.docs, settings.store, embedder, settings.index_dict(), force=force, log=self.log, progress=progress)
        self.rebuilt, self.problems = result.rebuilt, result.problems
        self._use(result.store)
        self._cache: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def _use(self, store) -> None:
        # one assignment, so a question in flight sees either the old or the new store, never a mix
        self._active = _Active(store, ans.SentenceTokens(store), {d.doc_id: i for i, d in enumerate(store.docs)}, Speakers(store))

    @property
    def store(self):
        return self._active.store

    def reload_if_changed(self) -> bool:
        """Switch to a newer build of the store if one was made since we loaded ours.

        Questions already being answered finish on the store they started with.
        """
        from index import store as st

        manifest = st.read_manifest(self.settings.store)
        if not manifest or manifest.get("created") == self.store.manifest.get("created"):
            return False
        self._check_compatible(manifest)
        new = st.load(self.settings.store)
        self._check_compatible(new.manifest)  # another build may have been swapped in since the manifest was read
        with self._lock:
            self._use(new)
            self._cache.clear()
        return True

    def _check_compatible(self, manifest: dict) -> None:
        if manifest.get("model") != self.embedder.name or manifest.get("settings") != self.settings.index_dict():
            raise StoreError(f"The new build in {self.settings.store} was made with another model or settings; "
                             "restart the server to use it.")

    def embed_query(self, text: str) -> np.ndarray:
        return self.embedder.encode([text])[0]

    def ask(self, question: str, history=(), k: int | None = None, *, mode: str = "hybrid") -> Answer:
        t0 = time.perf_counter()
        s = self.settings
        q = clean_question(question, max_chars=s.max_question_chars)
        k = s.k if k is None else k
        if not 1 <= k <= s.max_k:
            raise BadQuestion(f"k must be between 1 and {s.max_k}; ask for fewer citations.")
        turns = [(t.role, t.content) if hasattr(t, "role") else (t["role"], t["content"]) for t in history]
        active = self._active  # one build for the whole question, even if a newer one arrives meanwhile
        resolved = followup.resolve(q, turns)
        hit = self._cached(q, resolved, turns, k, mode, active)
        if hit[0] and resolved == q and (leaning := followup.resolve(q, turns, lean=True)) != q:
            # a question that says "it" or "that" but seemed to stand alone, and finds nothing alone: the
            # conversation may be what it is about ("What is usually a better option than taking it out?")
            other = self._cached(q, leaning, turns, k, mode, active)
            if not other[0]:
                resolved, hit = leaning, other
        abstained, confidence, citations, closest = hit
        text = ABSTAIN_TEXT if abstained else " ".join(f"{c.quote} [{c.n}]" for c in citations)
        return Answer(question=q, answer=text, abstained=abstained, citations=citations, closest=closest,
                      confidence=confidence, resolved_question=resolved, took_ms=(time.perf_counter() - t0) * 1000)

    def _cached(self, q: str, resolved: str, turns: list, k: int, mode: str, active: _Active):
        """The answer to ``q``, searched as ``resolved`` (``q`` itself, or prefixed by the question it follows)."""
        context = resolved[: -len(q)].strip() if resolved != q else ""
        said = next((c for r, c in reversed(turns) if r == "assistant"), "") if context else ""
        key = (active.store.manifest.get("created"), resolved, said, k, mode)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
        if hit is None:
            hit = self._answer(q, context, said, k, mode, active=active)
            with self._lock:
                self._cache[key] = hit
                while len(self._cache) > self.settings.cache_size:
                    self._cache.popitem(last=False)
        return hit

    def _answer(self, q: str, context: str, said: str, k: int, mode: str, active: _Active | None = None):
        from index.tokens import tokenize

        active = active or self._active
        store, tokens = active.store, active.tokens
        resolved = f"{context} {q}".strip()
        qvec, sure = self._vectors(q, context)
        qtokens = tokenize([resolved])[0]
        passages = self._passages(store, qvec, qtokens, mode)
        cands, origin = self._as_speakers_hear(active, q, context, said, self._score(active, q, said, qvec, qtokens, passages), mode)
        quotes = ans.choose(store, cands, k=k)
        count = ans.counted(q)
        confidence = quotes[0].score if quotes else 0.0
        if quotes and sure is not qvec and origin[quotes[0].candidate] >= 0:
            # a follow-up's confidence: its best quote scored with the previous question weighing more
            confidence = float(self._score(active, q, said, sure, qtokens, passages).score[origin[quotes[0].candidate]])
        if ans.unknown_names(resolved, tokens.page_words):
            # the question names something the readings never mention
            confidence *= self.settings.unknown_name_factor
        if count and quotes and not ans.counts(store.docs[quotes[0].doc].text[quotes[0].start : quotes[0].end], count):
            # asked how many X, and the best quote gives no number of X
            confidence *= self.settings.uncounted_factor
        citations = [self._citation(store, i + 1, q) for i, q in enumerate(quotes)]
        if confidence < self.settings.abstain_below:
            return True, confidence, [], citations
        return False, confidence, citations, []

    def _vectors(self, q: str, context: str) -> tuple[np.ndarray, np.ndarray]:
        """The vector to choose quotes with and the one to judge the confidence with: the same
        array for a question on its own; for a follow-up, mostly the new question, steered by the
        one it follows (more so for the confidence)."""
        if not context:
            v = self.embed_query(q)
            return v, v
        v = self.embedder.encode([q, context])
        sure = _unit(v[0] + FOLLOWUP_CONFIDENCE_WEIGHT * v[1])
        if followup.names_nothing(q):
            return sure, sure
        return _unit(v[0] + FOLLOWUP_CONTEXT_WEIGHT * v[1]), sure

    def candidates(self, q: str, context: str = "", said: str = "", *, mode: str = "hybrid", active: _Active | None = None,
                   qvec: np.ndarray | None = None) -> ans.Candidates:
        """Every sentence and run of two that could answer ``q`` (a follow-up of ``context``, after
        the answer ``said``), scored, before any is chosen; ``qvec`` is the question's vector, if
        already worked out (``_vectors``)."""
        from index.tokens import tokenize

        active = active or self._active
        if qvec is None:
            qvec = self._vectors(q, context)[0]
        qtokens = tokenize([f"{context} {q}".strip()])[0]
        cands = self._score(active, q, said, qvec, qtokens, self._passages(active.store, qvec, qtokens, mode))
        return self._as_speakers_hear(active, q, context, said, cands, mode)[0]

    def _as_speakers_hear(self, active: _Active, q: str, context: str, said: str, cands: ans.Candidates,
                          mode: str) -> tuple[ans.Candidates, np.ndarray]:
        """``cands`` with the sentences of first-person pages whose speaker ``q`` (or the question it
        follows, ``context``) names scored instead against ``q`` as that speaker would hear it ("When did
        I ...?", see qa/speaker.py), and where each candidate was in ``cands`` (-1 for those rescored)."""
        from index.tokens import tokenize

        store = active.store
        origin = np.arange(len(cands.first))
        near = np.unique(store.sentences[cands.first, 0]).tolist()  # only the pages the question found
        rewrites = active.speakers.rewrites(q, context, docs=near)
        contexts = active.speakers.rewrites(context, docs=near) if context and rewrites else {}
        for heard, docs in rewrites.items():
            if followup.names_nothing(heard):
                continue  # "Who is Walter Brandt?" as "Who is I?": asks nothing of the page; its words name him where he is
            # the question it follows, as the speaker hears it too ("Why did I move the cattle?")
            before = next((c for c, ds in contexts.items() if docs[0] in ds), context)
            qvec = self._vectors(heard, before)[0]
            qtokens = tokenize([f"{before} {heard}".strip()])[0]
            passages = [p for p in self._passages(store, qvec, qtokens, mode) if int(store.passages[p, 0]) in docs]
            theirs = self._score(active, heard, said, qvec, qtokens, passages)
            mine = ~np.isin(store.sentences[cands.first, 0], docs)
            cands = cands.where(mine).joined(theirs)
            origin = np.concatenate([origin[mine], np.full(len(theirs.first), -1)])
        return cands, origin

    def _passages(self, store, qvec: np.ndarray, qtokens: list[str], mode: str) -> list[int]:
        """The passages whose sentences are candidates: the best of the search, and those of the
        sentences closest to the question."""
        hits = retrieve.search(store, qvec, qtokens, n=self.settings.candidates, mode=mode)
        top = [h.passage for h in hits[: ans.TOP_PASSAGES]]
        if mode != "bm25":
            # a sentence can match well inside a passage that, as a whole, does not
            for sid in retrieve.dense_search(store.sentence_dense, qvec, ans.TOP_SENTENCES):
                p = int(store.sentences[sid, 3])
                if p not in top:
                    top.append(p)
        return top

    def _score(self, active: _Active, q: str, said: str, qvec: np.ndarray, qtokens: list[str], passages: list[int]) -> ans.Candidates:
        store = active.store
        cands = ans.score_candidates(store, active.tokens, qvec, qtokens, passages, comment_weight=self.settings.comment_weight,
                                     explain=ans.explanatory(q), wants=ans.wanted(q), count=ans.counted(q))
        return ans.demote_repeats(store, cands, said) if said else cands

    def _citation(self, store, n: int, q: ans.Quote) -> Citation:
        doc = store.docs[q.doc]
        _, ps, pe, kind = (int(x) for x in store.passages[q.passage, :4])
        pe = max(pe, q.end)  # a quote completed into the next passage (it ended in a colon)
        return Citation(n=n, doc_id=doc.doc_id, title=doc.title, start=q.start, end=q.end, quote=doc.text[q.start : q.end],
                        score=round(q.score, 4), kind=("article", "comment")[kind], passage_start=ps, passage_end=pe,
                        passage=doc.text[ps:pe], page=(page := page_of(doc.pages, q.start)),
                        page_unit=None if page is None else "slide" if doc.meta.get("format") == "pptx" else "page")

    def document(self, doc_id: str) -> dict:
        """A document's text and its labelled spans, for the source viewer."""
        active = self._active
        i = active.by_id.get(doc_id) if isinstance(doc_id, str) else None
        if i is None:
            raise UnknownDocument(f"There is no document with id {doc_id!r}; pick one from the citations.")
        d = active.store.docs[i]
        return {"doc_id": d.doc_id, "title": d.title, "text": d.text,
                "spans": [{"start": s.start, "end": s.end, "label": s.label, "reason": s.reason} for s in d.spans],
                "meta": {k: v for k, v in d.meta.items() if k != "dropped"}, "dropped": list(d.meta.get("dropped", [])),
                "pages": [{"start": a, "end": b, "page": n} for a, b, n in d.pages]}
