"""Questions that name the person or body a first-person page speaks for.

A farmer's blog, an interview or a company's statement says "I" or "we"; a student
asks about the speaker by name ("When did Martin Yeo first see the beavers?"). The
page names its speaker only where cleaning drops it (a byline, a photo credit, a
site name) or once in an introduction, so neither the words nor the meaning of the
question lead to its answers ("We first saw sign of them in September"), and a
sentence of another page that names the speaker wins. For such a page the question
is also asked as its speaker would hear it, the name put as "I" or "we"
("When did I first see the beavers?"), and that page's sentences are scored against it.

A name counts as a page's speaker when every word of it is on the page (furniture
included) but the page's own sentences name it at most ``MAX_MENTIONS`` times: a
person the page is about is named again and again, its speaker hardly ever. A
transcript names each speaker, in capitals, at each of their turns ("MARCUS LEVESQUE:
Woke up the kids, ten and seven."), and those count too: a question that names one
finds their words by the name itself.
"""

from __future__ import annotations

import re

import numpy as np

# share of a page's own sentences (not its readers' comments) that speak in the first person
MIN_SINGULAR, MIN_PLURAL = 0.12, 0.25
MAX_MENTIONS = 2
_SINGULAR = re.compile(r"\b(I|I'm|I’m|I've|I’ve|I'd|I’d|I'll|I’ll|me|my|mine|myself)\b")
_PLURAL = re.compile(r"\b([Ww]e|[Ww]e're|[Ww]e’re|[Ww]e've|[Ww]e’ve|[Oo]ur|ours|us|ourselves)\b")
_TITLE = r"(?:(?:Dr|Mr|Mrs|Ms|Mx|Prof|Professor|Sir|Dame)\.?\s+)"
# a name in the question, not its first word: "Martin Yeo", "Dr Sedlak", "Relay's", "the University of Kelsworth"
NAME = re.compile(rf"(?<!^)(?<![.?!]\s)\b({_TITLE}?[A-Z][a-z][\w-]*(?:\s+(?:(?:of|for|the)\s+)?[A-Z][a-z][\w-]*){{0,3}})(['’]s\b)?")
_WORD = re.compile(r"[^\W\d_][\w-]*")
# after the name, the pronouns that stand for it: "... on his farm?" -> "... on my farm?"
_PRONOUN = re.compile(r"\b(he|him|his|she|her|hers)\b", re.I)
_AS_SPEAKER = {"I": {"he": "I", "she": "I", "him": "me", "his": "my", "her": "my", "hers": "mine"},
               "we": {"he": "we", "she": "we", "him": "us", "his": "our", "her": "our", "hers": "ours"}}
_OWN = {"I": "my", "we": "our"}
# "her" before a noun is a possessive ("her evenings"), before a particle or a stop an object ("get her there")
_POSSESSIVE = re.compile(r"\s+(?!(?:there|here|to|in|on|at|with|from|for|up|out|back|home|about|that|and|or|when|if|into|over|off|away|down|again|too)\b)[a-z]")


def _as_heard(text: str, voice: str) -> str:
    """``text`` with the pronouns that stand for the speaker put as the speaker says them ("she" -> "I",
    "her evenings" -> "my evenings"); "her" as an object is someone else ("How did she get her there?").

    >>> _as_heard("How did she get her there, and did her son help?", "I")
    'How did I get her there, and did my son help?'
    """
    def put(p):
        w = p.group(0).lower()
        if w == "her" and not _POSSESSIVE.match(text, p.end()):
            return p.group(0)
        return _AS_SPEAKER[voice][w]

    return _PRONOUN.sub(put, text)


class Speakers:
    """How each document of a store speaks and which words are on its page, worked out for a
    document when a question first looks at it (a large store's pages are never all read)."""

    def __init__(self, store):
        self.store = store
        self._voice: dict[int, str | None] = {}
        self._words: dict[int, frozenset[str]] = {}
        self._counts: dict[tuple[int, str], int] = {}  # how often a page's own sentences name a word
        self._rows = None  # the page's own sentences (not readers' comments), sorted by document, and each document's bounds

    def _own(self, d: int) -> np.ndarray:
        if self._rows is None:  # one assignment: a concurrent question sees all of it or none
            s = self.store
            rows = s.sentences[s.passages[s.sentences[:, 3], 3] == 0]
            rows = rows[np.argsort(rows[:, 0], kind="stable")]
            self._rows = rows, np.searchsorted(rows[:, 0], np.arange(len(s.docs) + 1))
        rows, bounds = self._rows
        return rows[bounds[d] : bounds[d + 1]]

    def voice(self, d: int) -> str | None:
        """"I" or "we" when document ``d`` speaks in the first person, else None."""
        if d not in self._voice:
            text = self.store.docs[d].text
            texts = [text[a:b] for a, b in self._own(d)[:, 1:3].tolist()]
            one = np.mean([bool(_SINGULAR.search(t)) for t in texts]) if texts else 0.0
            we = np.mean([bool(_PLURAL.search(t)) for t in texts]) if texts else 0.0
            self._voice[d] = "I" if one >= MIN_SINGULAR and one >= we / 2 else "we" if we >= MIN_PLURAL else None
        return self._voice[d]

    def _on_page(self, d: int, words: list[str]) -> bool:
        if d not in self._words:
            self._words[d] = frozenset(_WORD.findall(self.store.docs[d].text))
        return all(w in self._words[d] for w in words)

    def _mentions(self, d: int, word: str) -> int:
        if (d, word) not in self._counts:
            # as written, or in capitals opening a transcript's turn ("KERRY TOLLEY [00:02:44]: He had ...")
            pattern = re.compile(rf"\b{re.escape(word)}\b|^(?:[A-Z][A-Z.'’-]*\s+){{0,4}}{re.escape(word.upper())}\b[^:\n]{{0,30}}:", re.M)
            text = self.store.docs[d].text
            self._counts[d, word] = sum(len(pattern.findall(text, a, b)) for a, b in self._own(d)[:, 1:3].tolist())
        return self._counts[d, word]

    def rewrites(self, question: str, context: str = "", docs=()) -> dict[str, list[int]]:
        """The question as the speaker of each first-person page of ``docs`` would hear it -> those
        pages; empty when the question names no page's speaker. A follow-up may name the speaker in the
        question it follows, ``context`` ("Who is Dr Sedlak?"), and say "she" ("Does she think it worked?")."""
        out: dict[str, list[int]] = {}
        names = [(m, True) for m in NAME.finditer(question)] + [(m, False) for m in NAME.finditer(context)]
        for m, in_question in names:
            words = re.sub(_TITLE, "", m.group(1)).split()
            for d in docs:
                voice = self.voice(d)
                if voice and self._on_page(d, words) and self._mentions(d, words[-1]) <= MAX_MENTIONS:
                    if in_question:
                        heard = question[: m.start()] + (_OWN[voice] if m.group(2) else voice) + _as_heard(question[m.end() :], voice)
                    else:  # named in the question before
                        heard = _as_heard(question, voice)
                    if heard != question and d not in out.get(heard, []):
                        out.setdefault(heard, []).append(d)
        return out
