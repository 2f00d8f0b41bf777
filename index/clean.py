"""Find the boilerplate in a scraped document, and its reader comments.

``clean(text)`` cuts the text into blocks (paragraphs, or the lines of a
list-like paragraph) and labels every block ``article``, ``comment`` or
``boilerplate``, with the reason. Nothing is removed: the result is a list
of spans with offsets into ``text`` so citations stay offsets into the raw
file.

The method is general, in the spirit of jusText/boilerpipe for plain text.
Steps 1-3 score each block on its own (``index.blocks``); step 5 finds the
article's extent (``index.body``); this module does the rest and puts the
steps together:

1. structure: does a block read like prose (length, terminal punctuation,
   a capital at the start) or like a label, a link, a price, a file name?
2. vocabulary of site furniture: consent/cookie notices, subscriptions,
   job ads, sharing widgets (generic words, not phrases of any one site);
3. repetition: a block that appears twice (captions, banners) is not prose;
4. topic: with an embedding function, blocks far from the document's
   centre of gravity (the other stories of a "latest stories" list) go;
5. context: the article is the run of prose from the first to the last good
   block; short blocks inside it (headings) and bulleted lists next to it
   stay, anything outside it goes;
6. comments: a run of consecutively numbered, first-person reactions after
   the article is reader comments: searchable, but ranked below the article.

Deliberately left out: HTML (documents are text here), language detection,
and any list of strings copied from particular sites.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import takewhile
from typing import Callable, Sequence

import numpy as np

# Imported by name so that clean() finds them here: callers import split_blocks
# from this module, and tests swap _mark_repeats and _drop_isolated_labels for reference versions.
from index.blocks import (ARTICLE, BOILERPLATE, OFF_TOPIC, BYLINE_OR_DATELINE, BYLINE_START, COMMENT, DATE, FRAGMENT, HANDLE, KEY_EVENTS, LIST_ITEM, PRINTED_PAGE_NUMBER, SENTENCE_END, ROW_SEPARATOR, TABLE_ROW, TOC, TOC_ENTRY, CHAPTER, _Block, _mark_repeats, _score, flagged_runs, heading, link_list_heading, same_paragraph,
                          split_blocks)
from index.body import _body, _drop_isolated_labels, _head
from index.tables import RULE


Embed = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str
    reason: str = ""


OUTSIDE = "outside the article body"  # dropped for where it sits, not for what it says
_ENUM = re.compile(r"^\s*(\d{1,3})[.)]\s+")
_FIRST_PERSON = re.compile(r"\b(I|I'm|I’m|I've|I’ve|my|me)\b")
_REACTION = re.compile(r"\b(your (post|article|blog|piece)|this (post|article|piece|blog)|great (post|read|article)|thank you|thanks)\b", re.I)
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*"
_DAY = r"(\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{1,2},\s+\d{4})"  # "23 January 2025", "March 4, 2025" (any case: see re.I below)
_COMMENT_HEAD = re.compile(r"\b\d+\s+(minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?|mos?|years?|yrs?)\.?\s+ago\b|\bsays:\s*$|\bat \d{1,2}:\d{2}\s*(am|pm)\b"
                           # a date and a time alone on their line, or after the commenter's name: "23 January 2025 at 09:14",
                           # "March 4, 2025 10:12", "mossgreen · 22 Nov 2024, 10:02"
                           rf"|^\W*([^\n·|]{{1,40}}\s[·|]\s+)?{_DAY},?(\s+at)?\s+\d{{1,2}}[:.]\d{{2}}\s*(am|pm)?\W*$"
                           # a user review's rating, name and date: "★★★★☆ · cb_fresher24 · 12 Oct 2024"
                           rf"|^\W*([^\n·|]{{1,40}}\s[·|]\s+){{1,2}}{_DAY}\W*$"
                           # a commenter's name and a day of this year, perhaps with a badge: "Tom Ashcombe · Mar 7 · Author"
                           rf"|^\W*[^\n·|]{{1,40}}\s[·|]\s+({_MONTH}\.? \d{{1,2}}|\d{{1,2}} {_MONTH}\.?)(\s[·|]\s+\w+)?\W*$", re.I)
_COMMENT_FURNITURE = "comment section's heading, name or button"
_BELOW_COMMENTS = "below the comments"
_DATELINE_WORDS = 12  # a line of the head this short with a date or a byline in it is the dateline or the byline
_DATE_OTHER_WORDS = 3  # words beside a date on a dateline ("Friday", "Updated", "GMT")
_WORDS_ONLY = re.compile(r"[^\W\d_]+")
_AUTHOR_LINE = re.compile(r"(·|\bsays:|\bsaid on\b|\bReply\b|\bat \d{1,2}:\d{2}\s*(am|pm)\b)", re.I)


_SPONSOR = re.compile(r"\b(sponsored|sponsor|promoted|advertisement|advert|ad|paid (post|content|partnership)|partner content)\b", re.I)
_CAPTION_LABEL = re.compile(r"\W*(image|photo|picture|video) caption\W*$", re.I)  # what a screen reader is told before a caption
_REPORTED_SPEECH = re.compile(r"[\"”’],?\s+(he|she|they|I|we|[A-Z][a-z]+( [A-Z][a-z]+)?)\s+(said|says|told|added|explained|recalled|admitted|warned)\b"
                              r"|\b(he|she|they|[A-Z][a-z]+) (said|says|told)\b"
                              r"|,\s+(said|says|told)\b")  # after who they are: "Ruth Maddox, of the police's fraud unit, said: ..."
_CALL_TO_ACTION = re.compile(r"^\W*(get|buy|shop|learn|find|try|start|book|order|claim|apply|discover|see|compare|download|join|sign|call|visit)\b", re.I)


_PIPE_ROW = re.compile(r"^\|.*\|$")
_CELL_WORDS = 10  # words of a table's cell, at most ("Payment stopped after bank staff intervention | 7 | $0")
_LABEL_CELL_WORDS = 14  # of its first cell, the row's label ("Reports to law enforcement (imminent harm or child safety) | 48 | 112")
_COMPARED_WORDS = 3  # words per cell, on average, of a table with no figures


def _mark_tables(blocks: list[_Block], text: str) -> None:
    """Three or more lines with the same number of short cells set apart by " | ", most holding a
    number, are a table of the article's figures, not a row of links, whether they are lines of one
    paragraph or (as a scraper that keeps a block per line writes them) a paragraph each. So is a table
    written as Markdown, as a web page's extractor writes one: three or more "| a | b |" rows, with a
    "|---|---|" rule under the first or all of the same width; being a table on purpose, it is the
    article's even where the article ends."""
    cells = [ROW_SEPARATOR.split(b.text) for b in blocks]
    width = [len(c) if len(c) > 1 and "\n" not in b.text else 0 for c, b in zip(cells, blocks)]  # 0: a block that is no row
    i = 0
    while i < len(blocks):
        j = i + 1
        while j < len(blocks) and width[i] and width[j] == width[i]:
            j += 1
        rows = blocks[i:j]
        words = [[len(cell.split()) for cell in row] for row in cells[i:j]]
        figures = sum(bool(re.search(r"\d", b.text)) for b in rows) * 2 >= len(rows)
        # or a comparison in words, three columns or more ("Sign | Genuine appeal | Fake appeals"), not a row of one-word links
        compared = width[i] >= 3 and sum(map(sum, words)) >= _COMPARED_WORDS * width[i] * len(rows)
        if len(rows) >= 3 and (figures or compared) \
                and all(n <= (_LABEL_CELL_WORDS if k == 0 else _CELL_WORDS) for row in words for k, n in enumerate(row)):
            for b in rows:
                b.prose, b.reason = 0, TABLE_ROW
        i = j
    for i, j in flagged_runs([bool(_PIPE_ROW.match(b.text)) for b in blocks]):
        widths = {b.text.count("|") for b in blocks[i:j] if not RULE.match(b.text)}
        if j - i >= 3 and (len(widths) == 1 or any(RULE.match(b.text) for b in blocks[i + 1 : j])):
            for b in blocks[i:j]:
                b.prose, b.reason = 1, TABLE_ROW


_BARE_COUNT = re.compile(r"^\W*[-+−]?\d[\d,.]*[kKmM]?(\s*[●•·|]\s*\d[\d,.]*[kKmM]?){0,4}\W*$"  # "23", "-3", "18.4k ● 4 ● 39"
                         r"|^(\s*[^\w\s]{1,4}\s*\d[\d,.]*[kKmM]?){2,8}\s*$")  # a post's reactions: "❤️ 812 👍 640 🔥 97"


def _mark_counts(blocks: list[_Block]) -> None:
    """A line that is only a number, or a few set apart by dots, or a row of reactions with their counts, is a
    vote count or a member's score on a web page (a PDF's page numbers and table cells are read apart, see ``paged``)."""
    for b in blocks:
        if b.prose >= 0 and _BARE_COUNT.match(b.text) and "\n" not in b.text.strip():
            b.prose, b.reason = -2, "vote count or score"


def _mark_chapters(blocks: list[_Block]) -> None:
    """Three or more short lines in a row that open with a time ("12:30 The review") are a recording's
    chapter list, links into the player, not the article (a transcript's turns are long)."""
    chapter = [bool(CHAPTER.match(b.text)) and b.words <= 12 and "\n" not in b.text.strip() for b in blocks]
    for i, j in flagged_runs(chapter):
        if j - i >= 3:
            for b in blocks[i:j]:
                if b.prose >= 0:  # a live blog's key events ("16:52 Vote passes") are furniture already, and stay what they are
                    b.prose, b.reason = -3, TOC_ENTRY


def _mark_page_turns(blocks: list[_Block]) -> None:
    """In a PDF, a number alone on its line is a page number, and a paragraph cut by a page break
    goes on after the page's footer and the next one's header: its second part starts in lower
    case, which elsewhere marks a caption cut short."""
    for b in blocks:
        if PRINTED_PAGE_NUMBER.match(b.text):
            b.prose, b.reason = -3, "page number"
    for i, b in enumerate(blocks):
        if b.reason != FRAGMENT:
            continue
        j = i - 1
        while j >= 0 and i - j <= 4 and blocks[j].prose < 0 and blocks[j].words <= 15:
            j -= 1
        if j < i - 1 and j >= 0 and blocks[j].prose >= 0 and blocks[j].words >= 6 and not SENTENCE_END.search(blocks[j].text.rstrip()):
            b.prose, b.reason = 1, ""


def _mark_embedded_posts(blocks: list[_Block], text: str) -> None:
    """An embedded social post: a name, an "@handle" line, the post and its time ("5:12 PM · Sep 11, 2025"),
    lines of one paragraph. The name and the post are furniture with the handle and the time."""
    for i, b in enumerate(blocks):
        if not HANDLE.match(b.text):
            continue
        end = i + 1  # the post's time, within four lines of the same paragraph
        while end < min(i + 5, len(blocks)) and same_paragraph(text, blocks[end - 1].end, blocks[end].start) \
                and blocks[end].reason != "timestamp or embedded post":
            end += 1
        if end == min(i + 5, len(blocks)) or blocks[end].reason != "timestamp or embedded post":
            continue
        name = [i - 1] if i and blocks[i - 1].words <= 6 and same_paragraph(text, blocks[i - 1].end, b.start) else []
        for k in name + list(range(i + 1, end)):
            blocks[k].prose, blocks[k].reason = -3, "timestamp or embedded post"


def _mark_introduced(blocks: list[_Block], text: str) -> None:
    """A line ending in a colon introduces a list, whose items are no fragments.
    What an image file name or a sponsor's label introduces is furniture:
    the caption under the image; the advertiser's copy, and its button, under "Sponsored";
    and so is the line just above a photo credit, in one paragraph with it (the caption).
    A caption is short beside the document's paragraphs; a paragraph that merely follows an image is not,
    nor is a heading with its paragraph under an empty advertisement slot."""
    for i, b in enumerate(blocks[:-1]):
        # "Symptoms include:" introduces a list, whose items may start in lower case (they are not fragments)
        if b.prose >= 0 and b.text.rstrip().endswith(":"):
            for item in blocks[i + 1 :]:
                if not (item.reason == FRAGMENT or (item.prose == 0 and item.words >= 3 and not item.reason)):
                    break
                item.prose, item.reason = 0, LIST_ITEM
    # the middle of the prose: back matter before it ("Disclosure statement" above the article) takes one paragraph only
    words = np.cumsum([b.words if b.prose >= 1 else 0 for b in blocks])
    middle = int(np.searchsorted(words, words[-1] / 2)) if blocks else 0
    # the paragraphs under "Acknowledgements", "Funding", "About the author", up to the next heading
    for i in [i for i, b in enumerate(blocks) if b.reason.startswith("back matter")]:  # not the paragraphs it marks
        for item in blocks[i + 1 : i + (7 if i > middle else 2)]:
            if item.prose < 0 or (item.words <= 6 and not SENTENCE_END.search(item.text)):
                break
            item.prose, item.reason = -3, blocks[i].reason
    lengths = sorted(b.words for b in blocks if b.prose >= 1)
    caption_words = min(25, lengths[len(lengths) // 2] // 2) if lengths else 0
    # the headings of link lists, not the items they take, nor a link on its own ("READ MORE: ...")
    lists = {i for i, b in enumerate(blocks) if b.reason in (TOC, KEY_EVENTS) or (b.reason == "list of links" and link_list_heading(b.text))}
    for i, b in enumerate(blocks[:-1]):
        nxt = blocks[i + 1]
        if nxt.reason == "photo caption or credit" and b.prose >= 0 and b.words <= 40 and same_paragraph(text, b.end, nxt.start):
            b.prose, b.reason = -3, "photo caption or credit"  # the caption, on the line above its credit
        if nxt.prose < 0:
            continue
        if i in lists:
            named = set()
            for j, item in enumerate(blocks[i + 1 :], i + 1):
                if item.prose != 0 or item.words > 15 or _introduces(item) or item.reason == TABLE_ROW:
                    break  # a link is no sentence that introduces a list ("The centre will have:"), nor a table's row
                name = _SECTION_NUMBER.sub("", heading(" ".join(item.text.split()))).lower()
                if b.reason == TOC and name in named:
                    break  # the first section's heading, which the contents above it named ("1 Name", then "Name")
                named.add(name)
                if b.reason != TOC and j > i + 1 and item.words >= 2 and j + 1 < len(blocks) and (blocks[j + 1].prose >= 1 or _introduces(blocks[j + 1]) or blocks[j + 1].reason == TABLE_ROW):
                    break  # the line just above a paragraph (or a list's opening line, or a table) is its heading: a related-links box inside an article
                if j + 1 < len(blocks) and blocks[j + 1].reason == BYLINE_OR_DATELINE:
                    break  # the line above a byline is a headline ("Read more" above a blog post's title is a link of the menu)
                item.prose, item.reason = -3, b.reason
        elif (b.reason == "image file name" and (nxt.words <= caption_words or _credited(blocks, i + 1)) and not _section_heading(nxt)) \
                or (_CAPTION_LABEL.match(b.text) and nxt.words <= 60):
            nxt.prose, nxt.reason = -3, "photo caption or credit"  # a longer one when its credit follows it
        elif b.prose < 0 and b.words <= 6 and _SPONSOR.match(b.text.strip(" -–—·|[]()")) and nxt.words <= 60 \
                and (nxt.words >= 8 or SENTENCE_END.search(nxt.text)) and not _heads_paragraph(blocks, i + 1, text) \
                and not _REPORTED_SPEECH.search(nxt.text) \
                and not _headline_below_slot(blocks, i + 1):
            nxt.prose, nxt.reason = -3, "sponsored content"
            after = blocks[i + 2] if i + 2 < len(blocks) else None
            if after is not None and after.words <= 5 and _CALL_TO_ACTION.match(after.text):
                after.prose, after.reason = -3, "sponsored content"


_SECTION_NUMBER = re.compile(r"^\W*\d+(\.\d+)*[.)]?\s+")  # "2.1 " before a section's name in a table of contents
_SECTION_HEADING_WORDS = 8


def _section_heading(b: _Block) -> bool:
    """Whether ``b`` is a numbered section's heading ("4. Findings", "4.1 Sources of voice material"), which
    may follow a figure without being its caption."""
    number = _SECTION_NUMBER.match(b.text)
    return b.words <= _SECTION_HEADING_WORDS and number is not None and b.text[number.end() : number.end() + 1].isupper() \
        and not SENTENCE_END.search(b.text)


# a caption's own credit at its end: "... April 14. Photo courtesy of the Water Authority.", "(Dana Whitcomb / WKSL)",
# "(Source: USGS; chart by The Verity Desk)", "(Stock image posed by model)"
_CREDIT_AT_END = re.compile(r"\b(photo(graph)?|image|picture|chart|graphic|map|video)s?\s+(courtesy\s+of|by)\s+[^.!?]{1,60}\.?\s*$"
                            r"|\([^()]{0,30}\b(photo(graph)?|image|picture|source|credit|chart|graphic|map)s?\b[^()]{0,80}\)\.?\s*$"
                            r"|\([A-Z][^()/]{1,40}\s/\s[^()/]{1,40}\)\.?\s*$", re.I)


def _credited(blocks: list, i: int) -> bool:
    """Whether block ``i`` sits between a picture and its credit, short enough to be its caption, or ends in a credit itself."""
    return blocks[i].words <= 40 and (i + 1 < len(blocks) and blocks[i + 1].reason == "photo caption or credit"
                                      or bool(_CREDIT_AT_END.search(blocks[i].text)))


def _introduces(b: _Block) -> bool:
    """Whether ``b`` is a line of words that ends in a colon, opening what follows ("Under the plans, the centre will have:")."""
    return b.words >= 4 and b.text.rstrip().endswith(":")


def _heads_paragraph(blocks: list[_Block], i: int, text: str) -> bool:
    """Whether block ``i`` is a short line on top of a paragraph of prose, in one paragraph
    with it (a line or two, such as "Verdict: False", may come between): a heading, or a
    headline over its standfirst, and not an advertiser's copy."""
    if blocks[i].words > 15:
        return False
    for j in range(i + 1, min(i + 4, len(blocks))):
        if not same_paragraph(text, blocks[j - 1].end, blocks[j].start):
            return False
        if blocks[j].words >= 15 and blocks[j].prose > 0:
            return True
    return False


def _headline_below_slot(blocks: list[_Block], i: int) -> bool:
    """Whether block ``i``, under an empty advertisement slot, is a headline rather than the advert's copy:
    a line that is no sentence, above all the prose, with a paragraph of prose right under it (the standfirst or the text)."""
    b, nxt = blocks[i], blocks[i + 1] if i + 1 < len(blocks) else None
    if any(x.prose >= 1 for x in blocks[:i]):
        return False  # an advert inside the article: the headline comes before all of its text
    return b.words <= 30 and not SENTENCE_END.search(b.text) and nxt is not None and nxt.prose >= 1 and nxt.words >= 12 \
        and bool(SENTENCE_END.search(nxt.text))


_APPEAL_ENDS = ("shop link or price", "promotion", "sponsored content")


def _mark_appeals(blocks: list[_Block]) -> None:
    """A few short blocks between two calls to action, one of them to buy or give ("DONATE NOW" ... "Donate now >"),
    are the appeal's copy. (Two newsletter boxes do not make the short paragraphs between them an advert.)"""
    ends = [i for i, b in enumerate(blocks) if b.reason.startswith(_APPEAL_ENDS)]
    for a, z in zip(ends, ends[1:]):
        inside = blocks[a + 1 : z]
        shop = "shop link or price" in (blocks[a].reason, blocks[z].reason)
        if shop and 0 < len(inside) <= 3 and sum(b.words for b in inside) <= 60 \
                and all(b.prose >= 0 and b.words <= 40 and b.label != COMMENT for b in inside):
            for b in inside:
                b.prose, b.reason = -3, "promotion (between calls to action)"


_WORDS = re.compile(r"[a-z0-9]+")
_QUOTES = " \"“”‘’'"
_LABEL_WORDS = re.compile(r"^(pull quote|quote|highlight) ")
_ATTRIBUTION = re.compile(r"\n\s*[-–—―]\s*[^\n]{1,80}$")  # a last line naming who said it


def _mark_pull_quotes(blocks: list[_Block]) -> None:
    """A short block whose words appear again, in order, inside a longer paragraph is a pull quote
    (or a teaser of it); punctuation may differ ("...optimisation. It is..." for "...optimisation; it is...")."""
    words = [" ".join(_WORDS.findall(b.text.lower())) for b in blocks]
    # a reader who quotes the article in a comment does not make the article a pull quote
    longer = sorted(((b.words, w) for b, w in zip(blocks, words) if b.words > 6 and b.label != COMMENT), reverse=True)
    for b, core in zip(blocks, words):
        quote = _ATTRIBUTION.sub("", b.text)  # "“Children now queue to read.”\n- Grace Wanjiru, head teacher"
        if quote != b.text:
            core = " ".join(_WORDS.findall(quote.lower()))
        if b.label == COMMENT or b.prose < 0 or not 6 <= b.words <= 40 or len(core) < 30 or not SENTENCE_END.search(quote.rstrip(_QUOTES)):
            continue  # a pull quote is a sentence; a title repeated in a citation line is not
        core = _LABEL_WORDS.sub("", core)
        if any(core in w and len(w) > len(core) for _, w in takewhile(lambda x: x[0] > b.words, longer)):
            b.prose, b.reason = -3, "pull quote (repeats the article's own words)"


_ASIDE_BLOCKS = 2  # paragraphs off the topic in a row that are still the article's aside


def _mark_off_topic(blocks: list[_Block], embed: Embed, text: str) -> None:
    """Drop prose-looking blocks that are about something else than the document (a table's rows are
    figures, not prose, whatever their words)."""
    where = [i for i, b in enumerate(blocks) if b.prose > 0 and b.label != COMMENT and b.reason != TABLE_ROW]
    cand = [blocks[i] for i in where]
    if len(cand) < 4:
        return
    vecs = np.asarray(embed([b.text for b in cand]), dtype=np.float32)
    weights = np.array([min(b.words, 80) for b in cand], dtype=np.float32)
    centre = (vecs * weights[:, None]).sum(0)
    sims = vecs @ (centre / (np.linalg.norm(centre) + 1e-9))
    # Recentre on the blocks that agree with the first estimate, so a long
    # run of unrelated teasers cannot pull the centre towards itself.
    core = sims >= np.median(sims)
    centre = (vecs[core] * weights[core, None]).sum(0)
    sims = vecs @ (centre / (np.linalg.norm(centre) + 1e-9))
    # Low bar: topic alone cannot tell a digression from a teaser (both sit
    # near 0.25 with MiniLM); it removes what is plainly unrelated and the
    # body clusters below remove the rest.
    cut = min(0.18, 0.4 * float(np.median(sims)))
    on_topic = {i for i, s in zip(where, sims) if s >= cut}

    def item_of(i: int, j: int) -> bool:  # j is on the topic and the next or last line of i's list (no blank line between)
        a, b = sorted((i, j))
        return j in on_topic and 0 <= a and b < len(blocks) and same_paragraph(text, blocks[a].end, blocks[b].start)

    def prose_near(i: int, step: int) -> int:  # the nearest prose block that way, past lists and headings
        j = i + step
        while 0 <= j < len(blocks) and blocks[j].prose == 0:
            j += step
        return j

    low = {i for i, s in zip(where, sims) if s < cut}

    def aside(i: int) -> bool:  # i is one of at most two blocks off the topic between two on it
        ends, n = [], 1
        for step in (-1, 1):
            j = prose_near(i, step)
            while j in low:
                n, j = n + 1, prose_near(j, step)
            ends.append(j)
        return n <= _ASIDE_BLOCKS and all(j in on_topic for j in ends)

    for i, b, s in zip(where, cand, sims):
        # a short aside (one or two paragraphs) between two paragraphs on the topic is part of the article (a list
        # or a heading may come between: "Which doesn't help her." "No. I don't care who wins."), and so is a quote from someone in the story, after a
        # paragraph (or list) on the topic, and a question answered by the paragraph after it (an
        # interviewer's, an FAQ's), and a line of a list whose next or last line is on the topic
        if s < cut and not aside(i) \
                and not (prose_near(i, -1) in on_topic and _REPORTED_SPEECH.search(b.text)) \
                and not (i + 1 in on_topic and b.text.rstrip().endswith("?")) and not (item_of(i, i - 1) or item_of(i, i + 1)):
            b.prose, b.reason = -2, f"{OFF_TOPIC} (similarity {s:.2f})"


def _mark_comments(blocks: list[_Block], text: str) -> None:
    """Label a run of numbered reader reactions (or of replies under name and date lines) at the end of
    the article as comments; under a thread's last reply, what is left is the forum's footer."""
    items: list[tuple[int, int]] = []  # (block index, number)
    heads: list[int] = []  # unnumbered comments start with their author line: "Name · 3 days ago"
    for i, b in enumerate(blocks):
        m = _ENUM.match(text[b.start : b.end])
        if m:
            items.append((i, int(m.group(1))))
        elif b.words <= 8 and _COMMENT_HEAD.search(b.text):
            heads.append(i)
    # runs of consecutive numbers 1, 2, 3, ... (a recipe's steps may come before the comments)
    runs: list[list[int]] = []
    prev = None
    for i, n in items:
        if n == 1:
            runs.append([i])
        elif prev is not None and n == prev + 1 and runs and runs[-1]:
            runs[-1].append(i)
        else:
            runs.append([])
        prev = n
    heads = [i for i in heads if i >= len(blocks) * 0.3]  # not the article's own dateline at the top
    for best in [r for r in runs[::-1] + [heads] if len(r) >= 3 and r[0] >= len(blocks) * 0.3]:
        groups = [list(range(a, b)) for a, b in zip(best, best[1:] + [_run_end(blocks, best[-1])])]
        voiced = sum(
            1
            for g in groups
            if any(_FIRST_PERSON.search(blocks[k].text) or _REACTION.search(blocks[k].text) or _AUTHOR_LINE.search(blocks[k].text) for k in g)
        )
        if voiced < 0.6 * len(groups):
            continue  # a numbered list in the article itself
        for g in groups:
            for k in g:
                if _said(blocks[k]) or (best is not heads and blocks[k].prose > -3):  # a numbered comment: all of it
                    blocks[k].label, blocks[k].reason = COMMENT, "reader comment"
                elif blocks[k].prose > -3:  # under an author line: the commenter's name and date, a row of "Like · Reply" buttons
                    blocks[k].prose, blocks[k].reason = -2, _COMMENT_FURNITURE
        if best is heads:  # under a thread's last reply: the site's footer ("You must log in to reply", "Similar threads")
            for b in blocks[groups[-1][-1] + 1 :]:
                if b.prose > -2:
                    b.prose, b.reason = -2, _BELOW_COMMENTS
        return


def _said(b: _Block) -> bool:
    """Whether a block of a comment section is what someone said (not a name, a date or a button)."""
    return b.prose > -3 and (b.words >= 8 or bool(SENTENCE_END.search(b.text)))


def _dateline(b: _Block) -> bool:
    """Whether a line of the head says who wrote the article or when, not what it is about: a byline, a
    "Published ..." line, a read time, or a date with at most a weekday and a time zone beside it
    ("Sat 8 Feb 2025 07.00 GMT"; not "Minutes of the Full Council Meeting held on 11 March 2025"), or a row of those
    and the names of who made it ("April 22, 2025 · Hosted by Dana Whitcomb")."""
    t = b.text.strip()
    if "\n" in t or b.words > _DATELINE_WORDS:
        return False
    parts = ROW_SEPARATOR.split(t)  # or a row of them: "April 22, 2025 · Hosted by Dana Whitcomb"
    return _dated(t) or (len(parts) > 1 and all(_dated(p) or _BY_NAME.match(p) for p in parts))


# the writer's name and role under the headline: "Rafael Lindqvist, Chief Executive Officer" beside the dateline,
# or "Head of Community Integrity" under a line that names her
_PERSON = r"[A-Z][a-z][\w'’-]*(\s+[A-Z][a-z][\w'’.-]*){1,2}"
_ROLE = r"[A-Z][\w'’-]*(\s+([A-Z][\w'’-]*|of|and|for|the|&)){0,5}"
_NAME_AND_ROLE = re.compile(rf"^\W*{_PERSON}\s*,\s+{_ROLE}\s*$")
_ROLE_ONLY, _PERSON_ONLY = re.compile(rf"^\W*{_ROLE}\s*$"), re.compile(rf"^\W*{_PERSON}\s*$")


def _signed(blocks: list[_Block], i: int, head: set[int]) -> bool:
    """Whether head block ``i``, under the headline (a block of the head above it), gives who wrote the article and their role."""
    b = blocks[i]
    if not any(j < i for j in head) or SENTENCE_END.search(b.text):
        return False
    near = [blocks[j] for j in (i - 1, i + 1) if 0 <= j < len(blocks)]
    return bool(_NAME_AND_ROLE.match(b.text) and any(x.reason == BYLINE_OR_DATELINE or _dateline(x) for x in near)) \
        or bool(_ROLE_ONLY.match(b.text) and b.words <= 6 and i > 0 and _PERSON_ONLY.match(blocks[i - 1].text) and blocks[i - 1].label != ARTICLE)


_BY_NAME = re.compile(r"^\W*([A-Za-z]+\s+)?by\s+[A-Z]")  # "Hosted by Dana Whitcomb", "Photographs by ..."


def _dated(t: str) -> bool:
    """Whether a line is a byline, a "Published ..." line or a read time, or a date with at most a few words beside it."""
    return bool(BYLINE_START.match(t)) or (DATE.search(t) is not None and len(_WORDS_ONLY.findall(DATE.sub(" ", t))) <= _DATE_OTHER_WORDS)


_POST_LABELS = 3  # short lines between a comment's head and what it says: a post's number ("#12"), "Member", "Joined: Aug 2021"


def _run_end(blocks: list[_Block], last: int) -> int:
    """The last numbered item runs on through its prose paragraphs, past a few short lines under its
    head ("#12") before them."""
    k = last + 1
    first = k
    while k < len(blocks) and k - first < _POST_LABELS and blocks[k].prose <= 0 and blocks[k].words <= 3:
        k += 1
    if not (k < len(blocks) and blocks[k].prose > 0):
        k = first  # no paragraph under the short lines: they are not the comment's
    while k < len(blocks) and (blocks[k].prose > 0 or (blocks[k].words <= 8 and _AUTHOR_LINE.search(blocks[k].text))):
        k += 1
    return k


def clean(text: str, *, embed: Embed | None = None, comments_from: int | None = None, paged: bool = False) -> list[Span]:
    """Label every block of ``text`` as article, comment or boilerplate.

    Returns spans in order, covering each non-blank block exactly once;
    ``text[span.start:span.end]`` is the block. ``comments_from`` is where a
    web page's comment section begins, when its extractor found one: the
    blocks from there on are reader comments, and the rest is cleaned alone. ``paged``: the text
    is a PDF's pages, whose numbers and running headers do not interrupt the article.

    >>> doc = ("A long first paragraph that reads like prose, with a full stop at the end of it.\\n\\n"
    ...        "Accept cookies to improve your browser experience on our website.")
    >>> [(s.label, s.reason) for s in clean(doc)]
    [('article', ''), ('boilerplate', 'site notice (cookies, consent, subscription, ads)')]
    """
    blocks = [_Block(s, e, text[s:e], 0) for s, e in split_blocks(text)]
    for b in blocks:
        _score(b)
    if comments_from is not None:
        comments = [b for b in blocks if b.start >= comments_from]
        for b in comments:  # the comments, not the section's heading, counts, names and buttons
            b.label, b.reason = (COMMENT, "reader comment") if _said(b) else (BOILERPLATE, b.reason or _COMMENT_FURNITURE)
        blocks = [b for b in blocks if b.start < comments_from]
        return _label(blocks, text, embed, paged) + [Span(b.start, b.end, b.label, b.reason) for b in comments]
    return _label(blocks, text, embed, paged)


def _label(blocks: list[_Block], text: str, embed: Embed | None, paged: bool = False) -> list[Span]:
    """The article's blocks labelled (see ``clean``)."""
    _mark_repeats(blocks, paged)
    if paged:
        _mark_page_turns(blocks)
    _mark_tables(blocks, text)
    _mark_chapters(blocks)
    if not paged:
        _mark_counts(blocks)
    _mark_embedded_posts(blocks, text)
    _mark_introduced(blocks, text)
    _mark_comments(blocks, text)
    _mark_pull_quotes(blocks)
    _mark_appeals(blocks)
    if embed is not None:
        _mark_off_topic(blocks, embed, text)

    in_body = _body(blocks, text, paged)
    body_idx = [i for i, yes in enumerate(in_body) if yes]
    head = _head(blocks, body_idx[0]) if body_idx else set()
    for i, b in enumerate(blocks):
        if b.label == COMMENT and b.prose > -3:
            continue
        if b.prose < 0:
            b.label = BOILERPLATE
        elif i in head and not in_body[i] and (_dateline(b) or _signed(blocks, i, head)):
            b.label, b.reason = BOILERPLATE, BYLINE_OR_DATELINE  # found with the head, but it says who and when, not what
        elif in_body[i] or (i in head and b.words):
            b.label, b.reason = ARTICLE, ""
        else:
            b.label, b.reason = BOILERPLATE, b.reason or OUTSIDE
    if body_idx:
        _drop_isolated_labels(blocks, body_idx[0], body_idx[-1])
    return [Span(b.start, b.end, b.label, b.reason) for b in blocks]
