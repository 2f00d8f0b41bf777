"""A document's title, when its file does not name one.

A web page or a PDF says what it is called in its metadata; a text file only
has lines, and the first line of a scraped page is usually furniture ("Skip to
content", a cookie notice). So the title is looked for where an article keeps
it: among the short kept lines above the first paragraph of prose. Of those,
the one closest in meaning to the whole article is the headline; a site name,
a section label or a byline says little about the article, and an author name
or a date is never a candidate. When no kept line is close enough, the lines
that cleaning dropped only for where they sit (a headline far above the text,
behind a long menu) are looked at the same way. When none is close enough, the
first line is the title if cleaning kept it, and the file's name if not.
"""

from __future__ import annotations

import re
from typing import Callable, Sequence

import numpy as np

from index.blocks import ARTICLE, BOILERPLATE
from index.body import _META
from index.clean import OUTSIDE

MIN_SIMILARITY = 0.35  # cosine to the article's centroid; headlines measured 0.40-0.85, site names and labels under 0.30
LOOK_AT = {False: 12, True: 40}  # blocks from the top: kept ones, and with those dropped for their place
MAX_WORDS = 30
_PROSE_WORDS = 12  # a block this long that ends in a full stop is the article's first paragraph (a headline may ask a question)
_FULL_STOP = re.compile(r"[.…]\W*$")
_LIST_MARK = re.compile(r"^\W|^\d+[.)]?\s")  # a bullet or a numbered item is not a headline


def candidates(text: str, spans: Sequence, *, placed: bool = False) -> list[str]:
    """The kept short lines above the first paragraph of prose, with white space folded
    (``placed``: and the lines dropped only for where they sit). Of a block of several lines,
    the first (a headline with its byline under it).

    >>> from index.clean import Span
    >>> t = "Skip\\n\\nBees in winter\\nBy Ann Lee\\n\\nMay 3, 2024\\n\\n" + "Bees cluster to keep warm. " * 6
    >>> candidates(t, [Span(0, 4, "boilerplate"), Span(6, 31, "article"), Span(33, 44, "article"), Span(46, len(t), "article")])
    ['Bees in winter']
    """
    out = []
    for s in [s for s in spans if s.label == ARTICLE or (placed and s.reason == OUTSIDE)][: LOOK_AT[placed]]:
        block = " ".join(text[s.start : s.end].split())
        if len(block.split()) >= _PROSE_WORDS and _FULL_STOP.search(block):
            break
        line = " ".join(text[s.start : s.end].strip().split("\n")[0].split())  # a headline with its byline below: the headline
        words = len(line.split())
        if (3 if placed and s.label != ARTICLE else 1) <= words <= MAX_WORDS and not (words <= 8 and _META.search(line)) \
                and not _LIST_MARK.match(line):  # a dropped line of one or two words is a menu item
            out.append(line)
    return out


def choose(text: str, spans: Sequence, body: np.ndarray, sizes: np.ndarray, encode: Callable[[list[str]], np.ndarray], fallback: str) -> str:
    """The title: the candidate nearest the article, else the first line if kept, else ``fallback`` (the file's name).

    ``body`` holds the unit vectors of the article's passages and ``sizes`` their lengths: the article's
    centroid weighs each passage by its length, so a one-line passage (a site name) barely moves it."""
    if len(body):
        centroid = (np.asarray(sizes, dtype=np.float64)[:, None] * body).sum(axis=0)
        centroid /= np.linalg.norm(centroid) or 1.0
        for placed in (False, True):
            lines = candidates(text, spans, placed=placed)
            if lines:
                sims = encode(lines) @ centroid
                best = int(np.argmax(sims))
                if sims[best] >= MIN_SIMILARITY:
                    return lines[best][:200]
    m = re.search(r"\S[^\n]*", text)
    if m and any(s.label != BOILERPLATE and s.start <= m.start() < s.end for s in spans):
        return m.group(0).strip()[:200]
    return fallback
