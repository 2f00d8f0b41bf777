"""HTML for the chat, the citation cards and the source viewer. Every piece of text is escaped.

Pure functions from answer/document data (the dicts of ``Answer.model_dump()``
and ``Engine.document``) to strings, so they are tested without a browser:
a document containing ``<script>`` shows those characters and runs nothing.
Left out: any markdown; the readings are shown exactly as written.
"""

from __future__ import annotations

from html import escape

SEARCHING = "Searching the readings…"
NOT_AN_ANSWER = "The closest passages are listed under the conversation, marked “not an answer”."
KIND_LABEL = {"article": "article", "comment": "reader comment"}


def chat_text(text: str) -> str:
    """Text for a Chatbot message. The Chatbot treats messages as HTML even without markdown, so escape.

    >>> chat_text("<b>bold</b> & co")
    '&lt;b&gt;bold&lt;/b&gt; &amp; co'
    """
    return escape(text, quote=False)


def answer_message(answer: dict) -> str:
    """The assistant's chat message: the quotes with their [n] markers, or the abstention."""
    if answer.get("abstained"):
        more = f" {NOT_AN_ANSWER}" if answer.get("closest") else ""
        return chat_text(answer["answer"] + more)
    return chat_text(answer["answer"])


def chat_messages(answers: list[dict], pending: str | None = None, *, reply: str = SEARCHING) -> list[dict]:
    """The Chatbot value for a conversation, plus a question still being answered (or given up on: ``reply`` says why)."""
    out = []
    for a in answers:
        out += [{"role": "user", "content": chat_text(a["question"])}, {"role": "assistant", "content": answer_message(a)}]
    if pending is not None:
        out += [{"role": "user", "content": chat_text(pending)}, {"role": "assistant", "content": chat_text(reply)}]
    return out


def citation_text(c: dict) -> str:
    """What "Copy" puts on the clipboard: the quote, its title and its exact position.

    >>> citation_text({"quote": "Cats sleep.", "title": "Cats", "doc_id": "cats", "start": 16, "end": 27, "kind": "article"})
    '“Cats sleep.” — Cats (cats, characters 16–27)'
    """
    who = ", reader comment" if c.get("kind") == "comment" else ""
    return f"“{c['quote']}” — {c['title']} ({c['doc_id']}, {_page(c)}characters {c['start']}–{c['end']}{who})"


def _pieces(text: str, base: int, quote: tuple[int, int] | None, passage: tuple[int, int] | None) -> str:
    """``text`` (starting at document offset ``base``), escaped, with the quote in <mark> and the passage tinted.

    >>> _pieces("ab<c>de", 10, (12, 15), (11, 16))
    "a<span class='qa-hit-passage'>b<mark class='qa-quote'>&lt;c&gt;</mark>d</span>e"
    """
    end = base + len(text)
    cuts = {base, end}
    for a, b in filter(None, (quote, passage)):
        cuts |= {min(max(a, base), end), min(max(b, base), end)}
    cuts = sorted(cuts)
    out, open_passage = [], False
    for x, y in zip(cuts, cuts[1:]):
        if x == y:
            continue
        in_p = passage is not None and passage[0] <= x and y <= passage[1]
        if in_p != open_passage:
            out.append("<span class='qa-hit-passage'>" if in_p else "</span>")
            open_passage = in_p
        piece = escape(text[x - base : y - base])
        in_q = quote is not None and quote[0] <= x and y <= quote[1]
        out.append(f"<mark class='qa-quote'>{piece}</mark>" if in_q else piece)
    if open_passage:
        out.append("</span>")
    return "".join(out)


def _card(c: dict, closest: bool) -> str:
    kind = c["kind"] if c["kind"] in KIND_LABEL else "article"
    body = _pieces(c["passage"], c["passage_start"], (c["start"], c["end"]), None)
    tag = "<span class='qa-not-answer'>not an answer</span>" if closest else ""
    data = (f"data-doc='{escape(c['doc_id'])}' data-start='{int(c['start'])}' data-end='{int(c['end'])}' "
            f"data-ps='{int(c['passage_start'])}' data-pe='{int(c['passage_end'])}'")
    return (
        f"<div class='qa-card{' qa-closest' if closest else ''}' role='button' tabindex='0' {data} "
        f"title='Open this passage in its source'>"
        f"<div class='qa-card-head'><span class='qa-n'>[{int(c['n'])}]</span> <span class='qa-title'>{escape(c['title'])}</span> "
        f"<span class='qa-kind qa-kind-{kind}'>{KIND_LABEL[kind]}</span>{tag}</div>"
        f"<div class='qa-passage'>{body}</div>"
        f"<div class='qa-card-foot'><span class='qa-pos'>{escape(c['doc_id'])} · {_page(c)}characters {int(c['start'])}–{int(c['end'])}</span>"
        f"<span class='qa-open'>Open in source ›</span>"
        f"<button type='button' class='qa-copy' data-copy='{escape(citation_text(c))}'>Copy citation</button></div></div>"
    )


def _page(c: dict) -> str:
    """ "page 3, " for a citation from a PDF, "slide 3, " from a deck, nothing otherwise."""
    return f"{'slide' if c.get('page_unit') == 'slide' else 'page'} {int(c['page'])}, " if c.get("page") else ""


def citations_html(answer: dict | None, *, searching: bool = False) -> str:
    """The cited passages of one answer (or its closest matches, marked as not an answer)."""
    if searching:
        return f"<div class='qa-empty qa-searching'>{SEARCHING}</div>"
    answer = answer or {}
    cites, closest = answer.get("citations") or [], answer.get("closest") or []
    if not cites and not closest:
        if answer.get("abstained"):
            return "<div class='qa-closest-note'>The readings don't cover this question, and nothing in them comes close.</div>"
        return "<div class='qa-empty'>Ask a question: the passages it quotes will appear here. Click one to read it in its source.</div>"
    q = f"<div class='qa-for'>Sources for “{escape(answer.get('question', ''))}”</div>" if answer.get("question") else ""
    resolved = answer.get("resolved_question")
    if resolved and resolved != answer.get("question"):
        q += f"<div class='qa-resolved'>Read as a follow-up: “{escape(resolved)}”</div>"
    if cites:
        return q + "".join(_card(c, False) for c in cites)
    note = ("<div class='qa-closest-note'>The readings don't cover this question. "
            "Closest matches below — <strong>not an answer</strong>, shown only so you can check for yourself.</div>")
    return q + note + "".join(_card(c, True) for c in closest)


def _boilerplate(text: str, reasons: list[str]) -> str:
    why = "; ".join(dict.fromkeys(r for r in reasons if r)) or "site furniture"
    return (f"<details class='qa-boilerplate'><summary>Not part of the article ({escape(why)}) — "
            f"{len(text.strip()):,} characters, hidden</summary>{escape(text)}</details>")


def source_html(doc: dict, quote: tuple[int, int] | None = None, passage: tuple[int, int] | None = None) -> str:
    """A whole document: article text plain, reader comments marked, boilerplate collapsed; the quote highlighted.

    Runs of boilerplate (cookie banners, link lists...) become one collapsed
    block, so they are never read as article text.
    """
    text = doc["text"]
    head = (f"<div class='qa-source-title'>{escape(doc['title'])} "
            f"<span class='qa-pos'>{escape(doc['doc_id'])}</span></div>")
    parts, pos, furniture = [], 0, []  # furniture: a pending run of boilerplate spans

    def flush():
        if furniture:
            a, b = furniture[0]["start"], furniture[-1]["end"]
            parts.append(_boilerplate(text[a:b], [s.get("reason", "") for s in furniture]))
            furniture.clear()

    for s in sorted(doc["spans"], key=lambda s: s["start"]):
        a, b = max(s["start"], pos), s["end"]
        if b <= a:
            continue
        gap = text[pos:a]
        if s["label"] == "boilerplate" and furniture and not gap.strip():
            furniture.append(s)
            pos = b
            continue
        flush()
        parts.append(_pieces(gap, pos, quote, passage))
        if s["label"] == "boilerplate":
            furniture.append({**s, "start": a})
        else:
            inner = _pieces(text[a:b], a, quote, passage)
            if s["label"] == "comment":
                inner = f"<span class='qa-comment-tag'>reader comment</span>{inner}"
            parts.append(f"<span class='qa-{'comment' if s['label'] == 'comment' else 'article'}'>{inner}</span>")
        pos = b
    flush()
    parts.append(_pieces(text[pos:], pos, quote, passage))
    return f"<div class='qa-source-wrap'>{head}<div class='qa-source' id='qa-source'>{''.join(parts)}</div></div>"


def source_placeholder() -> str:
    return "<div class='qa-empty'>Click a cited passage to read it in its source, with the quote highlighted.</div>"
