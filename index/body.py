"""Where the article is: its body, its head, and the lists and labels next to them.

``index.clean`` scores blocks and marks the furniture it can recognise on
sight; this module takes those scores and decides which blocks make up the
article: the runs of prose (``_body``), lists next to them, headings between
them, the title and byline before them (``_head``), and which short labels
inside them are furniture after all (``_drop_isolated_labels``).
"""

from __future__ import annotations

import re
from collections import Counter

from index.blocks import _BREADCRUMB, ARTICLE, BOILERPLATE, BULLET, BYLINE_OR_DATELINE, COMMENT, EDIT_LINK, KEY_EVENTS, LIST_ITEM, OFF_TOPIC, SENTENCE_END, SITE_NOTICE, TABLE_ROW, TOC, _WORD, _Block, _furniture, capitalised_share, flagged_runs, same_paragraph

_HEAD_BLOCKS = 4  # title, standfirst, byline, dateline before the first paragraph
_HEAD_REACH = 30  # blocks looked back over for them, at most
_HEAD_GAP = 3  # labels or buttons in a row above the head found so far: the site's menu, not the article's
_BOX_LINE_WORDS = (3, 30)  # a line of a box above the text ("Key points"), in words
_BOX_LINE_PROSE = 2  # and its prose score at most: a box's lines are not paragraphs (a standfirst scores 2.5 and up)
_BOX_LINE_SENTENCE = 8  # words: a box's line says something (a contents' entry, "Comparing the options", is shorter) ...
_STAT = re.compile(r"^\W*\d[\d,.]*\s*(%|per cent|[kKmM]\b)?\s*[a-z]")  # ... or it is a figure: "318 families given ongoing support"
_BOX_FIELD = re.compile(r"^\W*[A-Z]\w*(\s+\w+){0,2}\s*:\s")  # a field of a list ("Date of report: ..."), not a box's point
_BOX_FIELD_WORDS = 15  # words of such a field, at most
_PROSE_ABOVE = 12  # words of a sentence above the head, with the site's cookie notice between: a site's banner ("If you are worried ..., call ...")
_PROMOTION, _BYLINE = "promotion", "byline"
_UNDER_BYLINE = 4  # blocks between a byline and what sits right under it: a date, a read time, "Advertisement"
_SIGNED = re.compile(r"^\W*By\s+[A-Z][a-z]")  # a byline as written: "By Gareth Lowe, Senior Reporter"
_SIGNED_WORDS = 8  # words of such a byline, at most
# what the head is looked past for without counting: a row of share buttons, a timestamp, a picture
_LOOKED_PAST = ("site navigation or share buttons", "site button", "timestamp", "image file name", "photo caption or credit", KEY_EVENTS, TOC)
# and what sits between a headline and its text without being the site's menu (see _HEAD_GAP)
_HEAD_META = _LOOKED_PAST + (_BYLINE, "author's affiliation")
# a date, a time, a read time, a count, a byline
_META = re.compile(r"\b(1[89]|20)\d\d\b|\d[:.]\d\d\b|\bmin(ute)?s? read\b|\breading time\b|\bago\b|\b\d+(\.\d)?[KkM]\b|·|\||^\s*By\s")
# a blog's or a forum's sections over the headline: "Blog / Company news", "Newsroom / Trust & Safety"
_SECTION_TRAIL = re.compile(r"^\W*[A-Z][\w&'’-]*(\s+[\w&'’-]+){0,2}(\s+/\s+[A-Z][\w&'’-]*(\s+[\w&'’-]+){0,2})+\s*$")
_HEAD_ENDS = ("list of links", "sponsored content", _PROMOTION)  # what the title never sits behind (but a disclosure right under the byline)


def _head(blocks: list[_Block], first: int) -> set[int]:
    """The title, standfirst, byline and dateline: up to ``_HEAD_BLOCKS`` blocks before the body
    that are not furniture, among the 12 blocks above it, looking past pictures, share buttons,
    timestamps and counters ("Share", "2.3K") without counting them (a live blog's headline sits above
    a row of share buttons and a list of key events). Dates, read times and bylines come along without
    taking a place; a label of one or two words ("Key events", "Opinion") is left out unless it heads the
    text; a link list, an advert, a cookie notice, or three labels or buttons in a row above what was found ends the head,
    and so does a paragraph above it past the site's cookie notice (the site's banner), and a breadcrumb trail above what was found."""
    head: list[int] = []
    titled = _headline(blocks[first]) if first < len(blocks) else False  # the body opens with the headline: nothing above a breadcrumb is the head
    places = looked = since = 0  # since: labels and buttons passed since the last block of the head
    notice = False  # whether a site's notice (cookies) was passed since then
    boxed = _boxed_lines(blocks, max(0, first - _HEAD_REACH), first)
    fields = _field_lines(blocks, max(0, first - _HEAD_REACH), first)
    for i in range(first - 1, max(-1, first - _HEAD_REACH - 1), -1):
        b = blocks[i]
        if b.reason.startswith(_PROMOTION) and _under_byline(blocks, i):
            continue  # a disclosure or an advert under the byline ("We may earn a commission when you buy through links"), the head above it
        if places == _HEAD_BLOCKS or looked == 3 * _HEAD_BLOCKS or b.reason.startswith(_HEAD_ENDS) or (head and since == _HEAD_GAP) \
                or ((head or titled) and (_BREADCRUMB.match(b.text) or _SECTION_TRAIL.match(b.text))):
            break  # (a breadcrumb trail above the headline parts the site's header from the page's own)
        furniture = _furniture(_WORD.findall(b.text))
        if b.prose >= 0 and (furniture >= 2 or (furniture >= 1 and (b.words > 12 or SENTENCE_END.search(b.text)))):
            break  # a cookie or newsletter notice that reads like prose: the site's, above the article (not a headline naming a newsletter)
        if places and notice and b.words > _PROSE_ABOVE and SENTENCE_END.search(b.text):
            break  # a paragraph above the headline, past the site's cookie notice: the site's banner, not a standfirst
        if i in fields:
            continue  # a box of a case's or a report's details ("Court: ...", "Judge: ..."): looked past, not the head
        in_box = i in boxed and i + 1 in boxed  # a line of a box after its first: the box is looked at, and counted, once
        looked += not b.reason.startswith(_LOOKED_PAST) and not in_box
        if places == 0 and b.reason.startswith("repeated text") and b.words >= 4 and not SENTENCE_END.search(b.text) \
                and sum(x.text.split() == b.text.split() for x in blocks) == 2:
            b.prose = 0  # the headline, repeated once in a sidebar's list of recent posts
        edited = i == first - 2 and blocks[first - 1].reason == EDIT_LINK  # a section's heading, by a wiki's "[edit]" link
        if b.prose >= 0 and b.label != COMMENT and (b.words >= 3 or edited or (len(b.text) >= 10 and (i == first - 1 or _META.search(b.text)))):
            # a label ("Key events", "Opinion") is no part of the head, but a date is, and a heading right above the text is the body's
            head.append(i)
            places += not (b.words <= 8 and _META.search(b.text)) and not (in_box and i + 1 in head)
            since, notice = 0, False
        elif not b.reason.startswith(_HEAD_META):
            since += 1
            notice = notice or b.reason.startswith(SITE_NOTICE)
    return set(head)


def _under_byline(blocks: list[_Block], i: int) -> bool:
    """Whether block ``i`` comes right under the byline, with at most a date, a read time or an advert's label between."""
    for x in blocks[max(0, i - _UNDER_BYLINE) : i][::-1]:
        if x.reason.startswith(_BYLINE) or (x.words <= _SIGNED_WORDS and _SIGNED.match(x.text)):
            return True
        if not (x.words <= 3 or (x.words <= 8 and _META.search(x.text))):
            return False
    return False


def _headline(b: _Block) -> bool:
    """Whether a block reads as a headline: one line, no sentence, not a section's label."""
    return "\n" not in b.text.strip() and 4 <= b.words <= 30 and not SENTENCE_END.search(b.text)


def _boxed_lines(blocks: list[_Block], lo: int, hi: int) -> set[int]:
    """The blocks in ``lo:hi`` that are the lines of a box above the text ("Key points", "Our year in
    numbers"): three or more lines in a row that each say something or give a figure, none of them a paragraph, a
    field ("Ref: 2024-0613"), a date or a byline (a short line with a date or a count in it). A contents' list of
    headings above the text is no box. The head counts such a box as one of its places, so that it does not push
    the headline out."""
    def line(b: _Block) -> bool:
        return b.prose >= 0 and _BOX_LINE_WORDS[0] <= b.words <= _BOX_LINE_WORDS[1] and b.prose < _BOX_LINE_PROSE \
            and (b.words >= _BOX_LINE_SENTENCE or bool(_STAT.match(b.text))) and not _BOX_FIELD.match(b.text) \
            and not (b.words <= 8 and _META.search(b.text))

    return _in_runs([line(b) for b in blocks[lo:hi]], 3, lo)


def _field_lines(blocks: list[_Block], lo: int, hi: int) -> set[int]:
    """The blocks in ``lo:hi`` that are the fields of a box above the text, three or more "Key: value" lines in
    a row ("Court: Kesterbridge Crown Court", "Judge: ..."): a case's or a report's details, which the head looks
    past (they would fill its places and leave the headline out)."""
    return _in_runs([0 <= b.prose < _BOX_LINE_PROSE and b.words <= _BOX_FIELD_WORDS and bool(_BOX_FIELD.match(b.text))
                     for b in blocks[lo:hi]], 3, lo)


def _in_runs(flags: list[bool], at_least: int, offset: int = 0) -> set[int]:
    """The positions (plus ``offset``) of the runs of ``at_least`` or more True in ``flags``.

    >>> sorted(_in_runs([True, True, True, False, True, True], 3, offset=10))
    [10, 11, 12]
    """
    return {offset + k for i, j in flagged_runs(flags) if j - i >= at_least for k in range(i, j)}


_TAGS = re.compile(r"^\W*(tags|tagged|topics|filed under|categories)\s*:\s*\S", re.I)  # "Tags: Flooding · Beavers"
_LEAD_CHARS = 250  # a run this long right before the article is its lead, whatever stands between (but a link list or a breadcrumb trail)
_LEAD_RUNS = 2  # runs looked back over for it
_SHORT_SENTENCE_WORDS = 6  # words of a short sentence that does not break a run of prose as a label does ...
_SHORT_SENTENCE_CAPITALS = 0.5  # ... and the share of its words capitalised, less than this
_MIN_SHARE = 0.2  # a run of prose this small beside the main one is a teaser list


_STATEMENT_END = re.compile(r"[.!]\W*$")


def _short_sentence(b: _Block) -> bool:
    """A short line that states something in a sentence's case ("Real clubs will never ask you to pay for a trial."),
    not a label, a teaser's question or a job's title ("Class Teacher (KS2), Harbourside Academy.")."""
    return 0 < b.prose < 1 and b.words >= _SHORT_SENTENCE_WORDS and bool(_STATEMENT_END.search(b.text)) \
        and capitalised_share(b.text) < _SHORT_SENTENCE_CAPITALS


def _tips(blocks: list[_Block]) -> set[int]:
    """The blocks of a list of two or more short sentences in a row (a box of tips): they do not break the body."""
    return _in_runs([_short_sentence(b) for b in blocks], 2)


def _body(blocks: list[_Block], text: str, paged: bool = False) -> list[bool]:
    """Which blocks belong to the article body.

    The body is made of runs of prose blocks. A run is broken by two furniture
    blocks or three short labels in a row (a link list; the lines of one paragraph,
    such as a list of names, count as one); runs much smaller than the biggest are
    teasers for other pages and are not body, but for a lead kept apart from the rest
    by a contents box, an infobox or an advert. In a ``paged`` document (a PDF) a
    page's number and running header do not break a run: the text goes on over the page.
    """
    runs: list[list[int]] = []
    cur: list[int] = []
    neg = neutral = 0
    tips = _tips(blocks)
    for i, b in enumerate(blocks):
        if b.label == COMMENT:
            neg = neutral = 99  # comments end the article
            continue
        if b.prose >= 1:
            if cur and (neg >= 2 or neutral >= 3):
                runs.append(cur)
                cur = []
            cur.append(i)
            neg = neutral = 0
        elif b.prose < 0:
            neg += not (paged and (b.reason == "page number" or b.reason.startswith("repeated text"))) and b.reason != EDIT_LINK
            neg += 2 * bool(_TAGS.match(b.text))  # the article's tags close it: what follows is about its authors or the site
        elif b.reason != LIST_ITEM and not BULLET.match(b.text) and i not in tips:  # a list's items do not break the body, nor a list of tips
            # nor do the lines of one paragraph: a list of names counts once
            prev = blocks[i - 1] if i else None
            if not (prev and 0 <= prev.prose < 1 and min(prev.words, b.words) >= 2 and same_paragraph(text, prev.end, b.start)):
                neutral += 1
    if cur:
        runs.append(cur)
    mass = [sum(len(blocks[i].text) for i in r if blocks[i].prose >= 1) for r in runs]
    # a run that is a table written as rows ("| a | b |") is set out on purpose, not a teaser list; nor
    # is any run of a paged document (a PDF, a deck), whose slides and pages break runs everywhere
    whole = [paged and m > 0 or _is_table(blocks, r) for r, m in zip(runs, mass)]
    chosen = [m >= _MIN_SHARE * max(mass) or w for m, w in zip(mass, whole)]
    if any(chosen):
        _add_lead(blocks, runs, mass, chosen)
    _add_posts_like_kept(blocks, runs, chosen)
    _add_parts_set_apart_alike(blocks, runs, chosen)
    for j in range(1, len(runs)):
        # the article goes on past a picture: a short last section after a photo and its caption is no teaser
        chosen[j] = chosen[j] or (chosen[j - 1] and _only_a_picture(blocks[runs[j - 1][-1] + 1 : runs[j][0]]))
    keep = [False] * len(blocks)
    kept = [r for r, c in zip(runs, chosen) if c]
    for r, r2 in zip(kept, kept[1:]):
        # headings between two parts of the body (split by an image and its caption, say) belong to it
        for i in range(r[-1] + 1, r2[0]):
            b = blocks[i]  # a heading may be a question ("What is a CME?"); a short statement there is a caption
            keep[i] = (b.prose == 0 or (0 < b.prose < 1 and b.text.rstrip()[-1:] in "?:")) and b.label != COMMENT
        for i in range(r[-1] + 2, r2[0] - 1):  # and a short line inside a list ("1 teaspoon cardamom (from 12 pods)")
            keep[i] = keep[i] or (0 < blocks[i].prose < 1 and keep[i - 1] and keep[i + 1])
    for r in kept:
        end = r[-1]
        # a short closing paragraph that is still a sentence belongs to the run
        while end + 1 < len(blocks) and blocks[end + 1].prose > 0 and blocks[end + 1].label != COMMENT:
            end += 1
        for i in range(r[0], end + 1):
            keep[i] = blocks[i].label != COMMENT
    _add_adjacent_lists(blocks, keep)
    return keep


def _add_lead(blocks: list[_Block], runs: list[list[int]], mass: list[int], chosen: list[bool]) -> None:
    """The run just before the article is its lead, kept apart by a contents box, an advert or a picture, when it is
    long enough; or the run before that, past a short one set apart by furniture on both sides (a widget's message
    between a form and a button: "No current incidents found for this postcode."; not a standfirst under a headline and
    a box of fields). Never past a list of links, nor from above the site's breadcrumb trail ("Home › News"), which
    parts the site's header (an official-website banner) from the page's own content."""
    def gap(j: int) -> list[_Block]:  # the blocks between run j and the next
        return blocks[runs[j][-1] + 1 : runs[j + 1][0]]

    first = chosen.index(True)
    for j in range(first - 1, max(-1, first - 1 - _LEAD_RUNS), -1):
        if any(b.reason == "list of links" or _BREADCRUMB.match(b.text) for k in range(j, first) for b in gap(k)):
            return
        if mass[j] >= _LEAD_CHARS:
            chosen[j] = True
            return
        if not all(any(b.prose < 0 for b in gap(k)) for k in (j - 1, j) if k >= 0):
            return  # a short run that is no widget's message between pieces of furniture


# what a post's header line is taken for: a row of details ("u/ann · 411 points · 2d"), a member's details, a dateline
_POST_HEADERS = ("row of details or links", "post details or comment signature", "forum member details", BYLINE_OR_DATELINE)


def _skeleton(b: _Block) -> str:
    """A line's shape, words and numbers left out: "u/ann · 411 points · 2d" and "u/bo_b · 38 points · 5h" are one."""
    return re.sub(r"\w+", "w", " ".join(b.text.split()))


def _add_posts_like_kept(blocks: list[_Block], runs: list[list[int]], chosen: list[bool]) -> None:
    """A thread's posts: a run of prose under a post's header ("u/ann · 411 points · 2d") is kept, however
    short, when runs already kept sit under headers of that same shape at least twice (one header shape
    over the article alone, a date above its text and above each teaser, proves nothing)."""
    def header(r: list[int]) -> tuple[str, str] | None:
        b = blocks[r[0] - 1] if r[0] else None
        shape = _skeleton(b) if b is not None and b.reason.startswith(_POST_HEADERS) else ""
        return (b.reason, shape) if shape.count("w") >= 2 else None

    headers = [header(r) for r in runs]
    kept = Counter(h for h, c in zip(headers, chosen) if c and h is not None)
    for j, h in enumerate(headers):
        chosen[j] = chosen[j] or kept[h] >= 2


_SEPARATOR_BLOCKS = 3  # blocks between two parts of an article set apart alike, at most
_ANYWHERE = ("page number",)  # what falls between any two parts (a printed record's column numbers)


def _add_parts_set_apart_alike(blocks: list[_Block], runs: list[list[int]], chosen: list[bool]) -> None:
    """A transcript's last speech: a run set apart from the one before by the same furniture ("Share this
    contribution", "3.26 pm") that sets apart at least two pairs of runs already kept is a part of the
    article too, however short (the article's own separators, not the end of the page)."""
    def apart(j: int) -> frozenset[str]:  # the furniture between run j - 1 and run j, if a few blocks
        gap = [b for b in blocks[runs[j - 1][-1] + 1 : runs[j][0]] if b.reason not in _ANYWHERE and not b.reason.startswith(OFF_TOPIC)]
        return frozenset(b.reason for b in gap if b.prose < 0) if len(gap) <= _SEPARATOR_BLOCKS else frozenset()

    gaps = [frozenset()] + [apart(j) for j in range(1, len(runs))]
    seps = Counter(gaps[j] for j in range(1, len(runs)) if chosen[j - 1] and chosen[j])
    for j in range(1, len(runs)):
        chosen[j] = chosen[j] or (chosen[j - 1] and bool(gaps[j]) and seps[gaps[j]] >= 2)


_PICTURE = ("image file name", "photo caption or credit", "figure or table caption")


def _only_a_picture(gap: list[_Block]) -> bool:
    """Whether ``gap`` is a picture (its file name, caption and credit), perhaps with the next heading."""
    return any(b.reason in _PICTURE for b in gap) and all(b.reason in _PICTURE or (b.prose == 0 and b.words <= 15) for b in gap)


def _is_table(blocks: list[_Block], run: list[int]) -> bool:
    rows = [i for i in run if blocks[i].prose >= 1]
    return len(rows) >= 3 and all(blocks[i].reason == TABLE_ROW for i in rows)


# one of a list of fields: "Screen time: down to an hour", "Built: 1868" (not "Episode 12: ...", nor a row of details)
_FIELD = re.compile(r"^[A-Z][A-Za-z ,'’&()-]{0,40}:\s+\S(?!.*\s[·|•]\s)")


def _add_adjacent_lists(blocks: list[_Block], keep: list[bool]) -> None:
    """A list right before or after the body belongs to it: a review's pros and cons, a lesson's
    outcomes, a recipe's bulleted ingredients, an infobox's fields. Items are bulleted, numbered, introduced by a colon
    or fields ("Built: 1868"); at most two short
    headings ("Pros", "You should be able to:") may sit between or before them."""

    def item(b: _Block) -> bool:
        return b.prose >= 0 and b.label != COMMENT and (b.reason == LIST_ITEM or bool(BULLET.match(b.text)) or (b.words <= 30 and bool(_FIELD.match(b.text))))

    def heading(b: _Block) -> bool:
        return b.prose >= 0 and b.label != COMMENT and (b.words <= 6 or b.text.rstrip().endswith(":"))

    edges = [(i, -1) for i in range(len(blocks)) if keep[i] and (i == 0 or not keep[i - 1])]
    edges += [(i, 1) for i in range(len(blocks)) if keep[i] and (i + 1 == len(blocks) or not keep[i + 1])]
    for edge, step in edges:
        items, last_item, labels = 0, None, 0
        j = edge + step
        while 0 <= j < len(blocks) and not keep[j] and labels <= 2:
            if item(blocks[j]):
                items, last_item, labels = items + 1, j, 0
            elif heading(blocks[j]):
                labels += 1
            else:
                break
            j += step
        if items < 2:
            continue
        lo, hi = sorted((edge + step, last_item))
        if step < 0:  # the list's own headings, just before its first item
            while lo - 1 >= 0 and not keep[lo - 1] and heading(blocks[lo - 1]) and lo > last_item - 2:
                lo -= 1
        for i in range(lo, hi + 1):
            keep[i] = True


def _drop_isolated_labels(blocks: list[_Block], first: int, last: int) -> None:
    """Short labels left between boilerplate blocks inside the body are boilerplate too."""
    # only blocks of prose 0 change here, and neighbours are looked up past those, so look them up once
    decided = [b.label if b.prose != 0 and b.reason != EDIT_LINK else None for b in blocks]  # a wiki's "[edit]" is no neighbour
    before, after = _nearest(decided), _nearest(decided[::-1])[::-1]
    for i in range(first, last + 1):
        b = blocks[i]
        if b.label != ARTICLE or b.prose > 0 or b.words > 8:  # a line of nine words or more is not a label
            continue
        if BOILERPLATE in (before[i], after[i]) and ARTICLE not in (before[i], after[i]):
            b.label, b.reason = BOILERPLATE, "label between boilerplate blocks"
        elif before[i] == BOILERPLATE and after[i] == BOILERPLATE:
            b.label, b.reason = BOILERPLATE, "label between boilerplate blocks"


def _nearest(labels: list[str | None]) -> list[str | None]:
    """For each position, the last label (not None) strictly before it.

    >>> _nearest([None, "a", None, "b"])
    [None, None, 'a', 'a']
    """
    out, last = [], None
    for label in labels:
        out.append(last)
        last = label if label is not None else last
    return out
