"""Cut the kept text of a document into sentences and passages, by offsets.

Sentences come from pysbd; passages are runs of whole sentences that never
cross a paragraph of another kind (article/comment) or any boilerplate, and
stay under ``max_chars`` unless one sentence alone is longer. A short
paragraph (a heading) joins the paragraph after it.

Everything is ``(start, end)`` into the raw text, so
``text[start:end]`` is always the piece itself. Nothing here embeds or ranks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from index.blocks import add_trimmed
from index.clean import BOILERPLATE, Span

_WINDOW = 4000  # pysbd is slow on very long lines; feed it windows this size
# pysbd takes about 7 µs a character: a minute for a 5 MB one-line file. No real
# paragraph is this long, so a longer block is cut at sentence ends by a regex.
_PYSBD_LIMIT = 100_000
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s+")


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    kind: str  # "article" or "comment"
    first_sentence: int  # index into the sentence list
    last_sentence: int  # exclusive


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]``, whitespace trimmed, as absolute offsets.

    A sentence never starts in lower case, so a cut pysbd makes before one on the
    same line (after "approx.", "4s. 2d." or a tracking code) is undone.

    >>> t = "Hello there. How are you?  Fine."
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['Hello there.', 'How are you?', 'Fine.']
    """
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    if end - start > _PYSBD_LIMIT:
        _regex_sentences(text, start, end, out)
        return out
    pos = start
    while pos < end:
        stop = min(end, pos + _WINDOW)
        if stop < end:  # cut a window at whitespace so no word is split
            cut = text.rfind(" ", pos + _WINDOW // 2, stop)
            stop = cut if cut > pos else stop
        _segment_window(text, pos, stop, out)
        pos = stop
    return out


def _rejoin(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a sentence that starts in lower case to the one before it on its line."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and text[s].islower() and "\n" not in text[out[-1][1] : s]:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _regex_sentences(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    """Sentences of an overlong block: cut after . ! ? … and the whitespace that follows;
    a sentence longer than a window is cut at whitespace, as pysbd's windows are."""
    cursor = start
    for stop in [m.end() for m in _SENTENCE_END.finditer(text, start, end)] + [end]:
        while stop - cursor > _WINDOW:
            cut = text.rfind(" ", cursor + _WINDOW // 2, cursor + _WINDOW)
            cut = cut if cut > cursor else cursor + _WINDOW
            add_trimmed(text, cursor, cut, out)
            cursor = cut
        add_trimmed(text, cursor, stop, out)
        cursor = stop


def _segment_window(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    first, cursor = len(out), start
    for seg in _segmenter().segment(text[start:end]):
        piece = seg.strip()
        if not piece:
            continue
        at = text.find(piece, cursor, end)
        if at < 0:
            # pysbd altered the text; keep the rest as one sentence rather than guess
            break
        # anything pysbd skipped between sentences stays attached, never lost
        add_trimmed(text, cursor if text[cursor:at].strip() else at, at + len(piece), out)
        cursor = at + len(piece)
    if text[cursor:end].strip():
        add_trimmed(text, cursor, end, out)
    out[first:] = _rejoin(text, out[first:])


def chunk(text: str, spans: list[Span], *, max_chars: int = 600, heading_chars: int = 80) -> tuple[list[Passage], list[tuple[int, int]]]:
    """Passages and sentences of the kept (non-boilerplate) spans of ``text``.

    >>> from index.clean import Span
    >>> t = "Heading\\n\\nFirst sentence here. Second one.\\n\\nJunk"
    >>> ps, ss = chunk(t, [Span(0, 7, "article"), Span(9, 42, "article"), Span(44, 48, "boilerplate")])
    >>> [t[p.start:p.end] for p in ps]
    ['Heading\\n\\nFirst sentence here. Second one.']
    >>> [t[s:e] for s, e in ss]
    ['Heading', 'First sentence here.', 'Second one.']
    """
    sentences: list[tuple[int, int]] = []
    passages: list[Passage] = []
    for section in _sections(spans):
        kind = section[0].label
        cur: list[int] = []  # sentence indices in the passage being built
        for block in section:
            block_sents = split_sentences(text, block.start, block.end)
            first = len(sentences)
            sentences.extend(block_sents)
            idx = list(range(first, len(sentences)))
            if cur and _size(sentences, cur + idx) > max_chars and _size(sentences, cur) > heading_chars:
                passages.append(_passage(sentences, cur, kind))
                cur = []
            for i in idx:
                if cur and _size(sentences, cur + [i]) > max_chars:
                    passages.append(_passage(sentences, cur, kind))
                    cur = []
                cur.append(i)
        if cur:
            passages.append(_passage(sentences, cur, kind))
    return passages, sentences


def _sections(spans: list[Span]) -> list[list[Span]]:
    """Runs of consecutive kept spans of one kind."""
    out: list[list[Span]] = []
    for sp in spans:
        if sp.label == BOILERPLATE:
            out.append([])
            continue
        if out and out[-1] and out[-1][-1].label == sp.label:
            out[-1].append(sp)
        else:
            out.append([sp])
    return [s for s in out if s]


def _size(sentences: list[tuple[int, int]], idx: list[int]) -> int:
    return sentences[idx[-1]][1] - sentences[idx[0]][0]


def _passage(sentences: list[tuple[int, int]], idx: list[int], kind: str) -> Passage:
    return Passage(sentences[idx[0]][0], sentences[idx[-1]][1], kind, idx[0], idx[-1] + 1)


_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Case- and whitespace-folded text, for comparing quotes with expected phrases."""
    return _SPACE.sub(" ", text).strip().lower()
