"""A document's title, when its file does not name one.

A web page or a PDF says what it is called in its metadata; a text file only
has lines, and the first line of a scraped page is usually furniture ("Skip to
content", a cookie notice). So the title is looked for where an article keeps
it: among the short kept lines above the first paragraph of prose. Of those,
the one closest in meaning to the whole article is the headline; a site name,
a section label or a byline says little about the article, and an author name,
a byline ("Posted ... by ..."), a date, a bullet, a picture's caption or credit, a list of "Key: value" fields
and a row of details ("League · Ground · Attendance") are never candidates. When no kept line is close enough, the lines
that cleaning dropped only for where they sit (a headline far above the text,
behind a long menu) are looked at the same way. The file's first line is
preferred when it could be a headline, is about as close as the best of them, and is not named
again elsewhere on the page: a scraped page usually opens with its headline, and a standfirst is
often a little closer still, but a site's name opens the page too and comes back in its copyright line. When none is
close enough, the first line is the title if cleaning kept it; if not, the kept line nearest above
the text that could be a headline; and the file's name if there is none.
"""

from __future__ import annotations

import re
from typing import Callable, Sequence

import numpy as np

from index.blocks import ARTICLE, BOILERPLATE, ROW_SEPARATOR, TAGLINE, capitalised_share, same_paragraph
from index.body import _META
from index.clean import OUTSIDE

MIN_SIMILARITY = 0.35  # cosine to the article's centroid; headlines measured 0.40-0.85, site names and labels under 0.30
LOOK_AT = {False: 12, True: 40}  # blocks from the top: kept ones, and with those dropped for their place
MAX_WORDS = 30
FIRST_LINE_MARGIN = 0.1  # headlines on a first line measured 0.00-0.08 below a standfirst, journal and course names 0.23-0.29 below the headline
STANDFIRST_WORDS = 20  # a line this long above the text is a standfirst, not a headline
_TABS = (3, 8)  # short lines in a row between an encyclopedia's article name and its tagline: the page's tabs
_FALLBACK_WORDS = 4  # the line above the text is the title when none is close enough, if it is this long
_PROSE_WORDS = 12  # a block this long that ends in a full stop is the article's first paragraph (a headline may ask a question)
_TITLE_CASE_SHARE = 0.7  # of a line's words capitalised: a headline in title case ("This Is What I Got Back.")
_FULL_STOP = re.compile(r"[.…]\W*$")
_BYLINE = re.compile(r"^\W*((posted|published|updated|written)\b[^.]{0,40}\s)?by\s+\S", re.I)  # "Posted 22 August 2025 by the ... team"
_LIST_MARK = re.compile(r"^\s*([•·▪‣◦*–-]|\d+[.)]?\s)")  # a bullet or a numbered item is not a headline (a quote mark may open one)
_CREDIT = re.compile(r"©|\bcourtesy of\b|\bcredit:|\b(photo(graph)?|image|picture|illustration)s?( by\b| credit\b|:)", re.I)
_FIELD = re.compile(r"^[A-Z][\w ]{0,30}:\s+\S")  # "Wingspan: 31-36 mm", one of a list of fields
_YEAR = re.compile(r"\b(1[5-9]|20)\d\d\b")


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
    lines = [_first_line(text, s) for s in spans]  # a headline with its byline below: the headline
    in_fields = _field_lists(text, spans, lines)
    for i in [i for i, s in enumerate(spans) if s.label == ARTICLE or (placed and s.reason == OUTSIDE)][: LOOK_AT[placed]]:
        s, line = spans[i], lines[i]
        block = " ".join(text[s.start : s.end].split())
        if len(block.split()) >= _PROSE_WORDS and _FULL_STOP.search(block) and not _title_case(block):
            if _FIELD.match(block):
                continue  # a site's field ("Library Hours: Main branch, Mon to Thu ..."): no paragraph, and no headline
            break  # (a headline in title case may be two sentences: "I Gave £50. This Is What I Got Back.")
        words = len(line.split())
        if not ((3 if placed and s.label != ARTICLE else 1) <= words <= MAX_WORDS):  # a dropped line of one or two words is a menu item
            continue
        if (words <= 8 and _META.search(line)) or _BYLINE.match(line) or _LIST_MARK.match(line) or len(ROW_SEPARATOR.split(line)) >= 3:
            # a date, a byline however long ("Posted 22 August 2025 by the ... team"), a row of details ("League · Ground · Attendance")
            continue
        if _CREDIT.search(block) or (i + 1 < len(spans) and _CREDIT.search(lines[i + 1])):
            continue  # a picture's caption, or its credit
        if in_fields[i]:
            continue  # one of a list of fields ("Family: ...", "Wingspan: ...")
        out.append(line)
    return out


def _first_line(text: str, span) -> str:
    """The first line of a span's text, white space folded."""
    return " ".join(text[span.start : span.end].strip().split("\n")[0].split())


def _title_case(line: str) -> bool:
    """Whether most of the line's words open with a capital, as a headline's do and a sentence's do not.

    >>> _title_case("I Gave £50 to a Flood Stream. This Is What I Got Back."), _title_case("The Glimmer banner now runs on every verified stream.")
    (True, False)
    """
    return len(line.split()) >= 3 and capitalised_share(line) >= _TITLE_CASE_SHARE


def _field_lists(text: str, spans: Sequence, lines: list[str]) -> list[bool]:
    """Which spans belong to a list of fields: three or more "Key: value" lines in one paragraph.

    >>> from index.clean import Span
    >>> t = "Family: Noctuidae\\nWingspan: 31 mm\\nHabitat: fens\\n\\nLichens: a partnership"
    >>> _field_lists(t, [Span(0, 17, ""), Span(18, 33, ""), Span(34, 47, ""), Span(49, 71, "")], t.replace("\\n\\n", "\\n").split("\\n"))
    [True, True, True, False]
    """
    out, run = [False] * len(spans), []
    for i in range(len(spans) + 1):
        field = i < len(spans) and bool(_FIELD.match(lines[i]))
        if field and run and same_paragraph(text, spans[run[-1]].end, spans[i].start):
            run.append(i)
            continue
        if len(run) >= 3:
            for j in run:
                out[j] = True
        run = [i] if field else []
    return out


def _above_tagline(text: str, spans: Sequence) -> str | None:
    """The line right above an encyclopedia's tagline ("From Wikipedia, the free encyclopedia"), which
    sits under the article's name wherever the infobox and contents put the first paragraph.

    >>> from index.clean import Span
    >>> t = "Main page\\n\\nCopperband Sallow\\n\\nFrom Wikipedia, the free encyclopedia\\n\\nWingspan 31 mm"
    >>> _above_tagline(t, [Span(0, 9, "boilerplate"), Span(11, 28, "boilerplate"), Span(30, 67, "boilerplate", TAGLINE), Span(69, 83, "article")])
    'Copperband Sallow'
    >>> t = "Copperband Sallow\\n\\nArticle\\n\\nTalk\\n\\nTools\\n\\nFrom Wikipedia, the free encyclopedia\\n\\nWingspan 31 mm"
    >>> _above_tagline(t, [Span(0, 17, "boilerplate"), Span(19, 26, "boilerplate"), Span(28, 32, "boilerplate"), Span(34, 39, "boilerplate"),
    ...                    Span(41, 78, "boilerplate", TAGLINE), Span(80, 94, "article")])
    'Copperband Sallow'
    """
    at = next((i for i, s in enumerate(spans[: LOOK_AT[True]]) if s.reason == TAGLINE), None)
    if not at:
        return None

    def name(i: int) -> str | None:
        if i < 0 or spans[i].reason not in ("", OUTSIDE):
            return None  # a menu's button ("View history") above it: the name is elsewhere
        line = _first_line(text, spans[i])
        # a name, not a field ("Coordinates: 51°46′N") or a list's item; a year may be part of it ("2025 Brackenford ... scam")
        bare = _YEAR.sub("", line)
        return line[:200] if 1 <= len(line.split()) <= 12 and not re.search(r"[:\d]", bare) and not _LIST_MARK.match(bare) else None

    above = at - 1
    while above > 0 and len(_first_line(text, spans[above]).split()) <= 2:
        above -= 1
    # a row of tabs between the name and the tagline ("3 languages", "Article", "Talk", "Edit", "View history", "Tools"): the name
    # is above it (a longer run of short lines is the site's menu, above a short name)
    tabs = _TABS[0] <= at - 1 - above <= _TABS[1]
    return (name(above) if tabs else None) or name(at - 1)


def choose(text: str, spans: Sequence, body: np.ndarray, sizes: np.ndarray, encode: Callable[[list[str]], np.ndarray], fallback: str) -> str:
    """The title: the candidate nearest the article, else the first line if kept, else the kept line right above
    the text if it could be a headline, else ``fallback`` (the file's name).

    ``body`` holds the unit vectors of the article's passages and ``sizes`` their lengths: the article's
    centroid weighs each passage by its length, so a one-line passage (a site name) barely moves it."""
    m = re.search(r"\S[^\n]*", text)
    if (named := _above_tagline(text, spans)) is not None:
        return named
    kept = candidates(text, spans) if len(body) else []
    if len(body):
        centroid = (np.asarray(sizes, dtype=np.float64)[:, None] * body).sum(axis=0)
        centroid /= np.linalg.norm(centroid) or 1.0
        first = " ".join(m.group(0).split()) if m else ""
        placed = candidates(text, spans, placed=True)  # the kept lines and those dropped only for their place
        for lines in (kept, placed):
            if lines:
                sims = encode(lines) @ centroid
                best = int(np.argmax(sims))
                if first != lines[best] and first in placed \
                        and " ".join(text.split()).count(first) == 1:
                    # a scraped page's first line is its headline when it is about as close to the article
                    # as the best line above the text (a standfirst often is a little closer); a journal's
                    # or a course's name on the first line is much further
                    near = float(encode([first])[0] @ centroid)
                    if near >= MIN_SIMILARITY and near >= sims[best] - FIRST_LINE_MARGIN:
                        return first[:200]
                if best and len(lines[best].split()) >= STANDFIRST_WORDS and len(lines[best - 1].split()) < STANDFIRST_WORDS \
                        and sims[best - 1] >= MIN_SIMILARITY:
                    best -= 1  # a standfirst is closer to the article than the headline above it
                if sims[best] >= MIN_SIMILARITY:
                    return lines[best][:200]
    if m and any(s.label != BOILERPLATE and s.start <= m.start() < s.end for s in spans):
        return m.group(0).strip()[:200]
    for line in reversed(kept):
        if len(line.split()) >= _FALLBACK_WORDS and not _META.search(line):
            # none is close enough (a headline of invented names says little to the model): the line
            # nearest above the text that could be a headline, where a headline sits (above "Show notes")
            return line[:200]
    return fallback
