"""A table's rows as the sentence model should read them: each cell named by its column's heading.

A row quoted from a table ("Under 1 year | 14 | 6") is the text of the source, but on its own it
tells a sentence model little: the question asks how many babies were admitted to hospital, and
the row says "14 | 6". Its vector is worked out from the row read with its table's heading row
("Age group: Under 1 year; Confirmed cases: 14; Admitted to hospital: 6"). Only the vector
changes; the quote is still the row, at its own offsets.
"""

from __future__ import annotations

import re

_SEPARATED = re.compile(r"\S \| \S")  # "Harbourside | 326 | 7.1", as a block-per-line scraper saves a row
RULE = re.compile(r"^\|(\s*:?-{3,}:?\s*\|)+$")  # Markdown's "|---|---|" under a heading row


def cells(line: str) -> list[str] | None:
    """The cells of a table's row ("| a | b |" or "a | b"), or None for a line that is no row.

    >>> cells("| Aletsch | 1.3 km |"), cells("Under 1 year | 14 | 6"), cells("Rain | or shine.")
    (['Aletsch', '1.3 km'], ['Under 1 year', '14', '6'], ['Rain', 'or shine.'])
    >>> cells("A sentence with no cells."), cells("Either|or")
    (None, None)
    """
    t = line.strip()
    if "\n" in t or not (_SEPARATED.search(t) or (t.startswith("|") and t.endswith("|") and len(t) > 2)):
        return None
    return [c.strip() for c in t.strip("|").split("|")]


def read_as(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """The text of each span (a sentence) to embed: a table's row, after a heading row of the same
    width with no figures in it, is read cell by cell with the headings; anything else is itself.

    >>> t = "Cases by age\\n\\nAge | Cases | In hospital\\nUnder 1 | 14 | 6\\n1 to 4 | 52 | 8"
    >>> read_as(t, [(m.start(), m.end()) for m in re.finditer(r".+", t)])[1:]
    ['Age | Cases | In hospital', 'Age: Under 1; Cases: 14; In hospital: 6', 'Age: 1 to 4; Cases: 52; In hospital: 8']
    >>> read_as("Year | 1990 | 2020\\nIce | 4 | 2", [(0, 18), (19, 30)])  # a heading row with figures names no columns
    ['Year | 1990 | 2020', 'Ice | 4 | 2']
    """
    out = [text[a:b] for a, b in spans]
    rows = [cells(t) for t in out]
    i = 0
    while i < len(out):
        head = rows[i]
        j = i + 1
        while head and j < len(out) and rows[j] and not text[spans[j - 1][1] : spans[j][0]].strip() \
                and (len(rows[j]) == len(head) or RULE.match(out[j])):
            j += 1
        if head and j > i + 1 and not any(c.isdigit() for c in "".join(head)):
            for k in range(i + 1, j):
                if not RULE.match(out[k]):
                    out[k] = "; ".join(f"{h}: {c}" if h else c for h, c in zip(head, rows[k]) if c)
        i = j
    return out
