"""HTML for citations and the source viewer. Every piece of text is escaped.

Pure functions from answer/document data to HTML strings, so they can be
tested without a browser: a document containing ``<script>`` shows those
characters and runs nothing.
"""

from __future__ import annotations

from html import escape


def _highlight(text: str, start: int, end: int, *, base: int = 0) -> str:
    """``text`` (which begins at offset ``base``) with [start, end) marked."""
    a, b = max(0, start - base), max(0, end - base)
    return f"{escape(text[:a])}<mark class='qa-quote'>{escape(text[a:b])}</mark>{escape(text[b:])}"


def citations_html(answer: dict) -> str:
    """Cards for the cited passages of an answer (or its closest matches)."""
    cites = answer.get("citations") or []
    closest = not cites and answer.get("closest")
    items = cites or answer.get("closest") or []
    if not items:
        return "<div class='qa-empty'>Ask a question to see the cited passages here.</div>"
    head = (
        "<div class='qa-closest-note'>The readings don't answer this. Closest matches, <b>not an answer</b>:</div>"
        if closest
        else ""
    )
    cards = []
    for c in items:
        kind = "reader comment" if c["kind"] == "comment" else "article"
        body = _highlight(c["passage"], c["start"], c["end"], base=c["passage_start"])
        cards.append(
            f"<div class='qa-card{' qa-closest' if closest else ''}' data-doc='{escape(c['doc_id'])}' data-start='{c['start']}' data-end='{c['end']}'>"
            f"<div class='qa-card-head'><span class='qa-n'>[{c['n']}]</span> <span class='qa-title'>{escape(c['title'])}</span>"
            f" <span class='qa-kind qa-kind-{c['kind']}'>{kind}</span>"
            f" <span class='qa-pos'>{escape(c['doc_id'])} · characters {c['start']}–{c['end']}</span></div>"
            f"<div class='qa-passage'>{body}</div></div>"
        )
    return head + "".join(cards)


def source_html(doc: dict, start: int | None = None, end: int | None = None) -> str:
    """A whole document: article text plain, comments marked, boilerplate greyed; the quote highlighted."""
    text = doc["text"]
    parts = [f"<div class='qa-source-title'>{escape(doc['title'])} <span class='qa-pos'>{escape(doc['doc_id'])}</span></div>"]
    pos = 0
    for s in doc["spans"]:
        if s["start"] > pos:
            parts.append(escape(text[pos : s["start"]]))
        piece = text[s["start"] : s["end"]]
        if start is not None and s["start"] <= start < s["end"] or (start is not None and start <= s["start"] < end):
            inner = _highlight(piece, start, end, base=s["start"])
        else:
            inner = escape(piece)
        cls = {"article": "qa-article", "comment": "qa-comment", "boilerplate": "qa-boilerplate"}[s["label"]]
        title = f" title='not part of the article: {escape(s['reason'])}'" if s["label"] == "boilerplate" else ""
        parts.append(f"<span class='{cls}'{title}>{inner}</span>")
        pos = s["end"]
    parts.append(escape(text[pos:]))
    return "<div class='qa-source' id='qa-source'>" + "".join(parts) + "</div>"
