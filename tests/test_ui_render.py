"""ui/render.py: every piece of text is escaped, quotes are marked exactly, boilerplate is collapsed."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ui.render import (SEARCHING, answer_message, chat_messages, chat_text, citation_text, citations_html, source_html)

HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "' onmouseover='alert(1)", '"><b>x</b>',
           "${value}", "{{value}}", "&amp; & <", "</div></mark>"]


class Text(HTMLParser):
    """The text a browser would show, which tags appear, and the text inside <mark> and <details>."""

    SKIP = {"qa-comment-tag"}  # labels we add, not document text

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text, self.marks, self.details, self._stack = [], [], [], [], []
        self.attrs: set[str] = set()

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        self.tags.append(tag)
        self.attrs |= {k for k, _ in attrs}
        self._stack.append((tag, cls))
        if tag == "mark":
            self.marks.append("")
        if tag == "details":
            self.details.append("")

    def handle_endtag(self, tag):
        while self._stack and self._stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        classes = {c for _, cls in self._stack for c in cls.split()}
        tags = {t for t, _ in self._stack}
        if classes & self.SKIP or "summary" in tags:
            return
        if "mark" in tags:
            self.marks[-1] += data
        if "details" in tags:
            self.details[-1] += data
        if "qa-source" in classes:
            self.text.append(data)


def parse(html: str) -> Text:
    p = Text()
    p.feed(html)
    p.close()
    return p


def citation(text: str, start: int, end: int, *, n=1, title="T", doc_id="d", kind="article") -> dict:
    return {"n": n, "doc_id": doc_id, "title": title, "start": start, "end": end, "quote": text[start:end], "score": 1.0,
            "kind": kind, "passage_start": 0, "passage_end": len(text), "passage": text}


@pytest.mark.parametrize("evil", HOSTILE)
def test_chat_text_is_escaped(evil):
    out = chat_text(evil)
    assert "<" not in out and ">" not in out
    assert "".join(parse(f"<div class='qa-source'>{out}</div>").text) == evil


@pytest.mark.parametrize("evil", HOSTILE)
def test_citation_cards_escape_title_quote_passage_question_and_attributes(evil):
    text = f"Before {evil} after."
    c = citation(text, 7, 7 + len(evil), title=f"Title {evil}", doc_id=f"id{evil}", kind="comment")
    html = citations_html({"question": f"Q {evil}", "citations": [c], "closest": [], "abstained": False,
                           "answer": "", "resolved_question": f"R {evil}"})
    p = parse(html)
    assert set(p.tags) <= {"div", "span", "mark", "button", "strong"}, p.tags
    assert p.marks == [evil]
    assert p.attrs <= {"class", "role", "tabindex", "title", "type", "data-doc", "data-start", "data-end", "data-ps",
                       "data-pe", "data-copy"}, p.attrs
    assert "<script" not in html and "<img" not in html


@pytest.mark.parametrize("evil", HOSTILE)
def test_source_viewer_shows_the_document_exactly_as_text(evil):
    text = f"Title {evil}\n\nArticle with {evil} inside.\n\nA reader wrote {evil}.\n\nCookies {evil} accept."
    a1, a2 = text.index("Article"), text.index("A reader")
    spans = [(0, a1 - 2, "article"), (a1, a2 - 2, "article"), (a2, text.index("Cookies") - 2, "comment"),
             (text.index("Cookies"), len(text), "boilerplate")]
    doc = {"doc_id": f"x{evil}", "title": f"Title {evil}", "text": text,
           "spans": [{"start": a, "end": b, "label": lab, "reason": f"why {evil}"} for a, b, lab in spans]}
    q = (a1 + len("Article with "), a1 + len("Article with ") + len(evil))
    html = source_html(doc, quote=q, passage=(a1, a2 - 2))
    p = parse(html)
    assert "".join(p.text) == text  # every character, in order, nothing added or lost
    assert p.marks == [evil]
    assert p.details == [text[spans[3][0] :]]  # the boilerplate, collapsed
    assert set(p.tags) <= {"div", "span", "mark", "details", "summary"}, p.tags
    assert p.attrs <= {"class", "id", "title"}, p.attrs


def test_boilerplate_runs_are_one_collapsed_block_and_never_article_text():
    text = "Intro.\n\nCookie banner.\n\nShare on Twitter.\n\nBody text.\n"
    spans = [(0, 6, "article"), (8, 22, "boilerplate"), (24, 41, "boilerplate"), (43, 53, "article")]
    doc = {"doc_id": "d", "title": "t", "text": text,
           "spans": [{"start": a, "end": b, "label": lab, "reason": "site furniture"} for a, b, lab in spans]}
    html = source_html(doc)
    assert html.count("<details") == 1 and " open" not in html
    assert parse(html).details == ["Cookie banner.\n\nShare on Twitter."]
    article = html.split("<details")[0]
    assert "Cookie" not in article


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=60), st.data())
def test_the_mark_is_exactly_the_quote_for_any_text_and_offsets(text, data):
    cuts = sorted(set(data.draw(st.lists(st.integers(0, len(text)), max_size=4)) + [0, len(text)]))
    labels = data.draw(st.lists(st.sampled_from(["article", "comment"]), min_size=len(cuts), max_size=len(cuts)))
    spans = [{"start": a, "end": b, "label": lab, "reason": ""} for (a, b), lab in zip(zip(cuts, cuts[1:]), labels)]
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    p = parse(source_html({"doc_id": "d", "title": "t", "text": text, "spans": spans}, quote=(start, end)))
    assert "".join(p.text) == text
    assert "".join(p.marks) == text[start:end]


def test_abstention_is_marked_not_an_answer():
    text = "Cats sleep a lot."
    html = citations_html({"question": "Capital of France?", "abstained": True, "citations": [],
                           "closest": [citation(text, 0, len(text))], "answer": "The readings don't cover this question."})
    assert "not an answer" in html and "qa-closest" in html and "don't cover" in html
    assert "not an answer" not in citations_html({"question": "q", "citations": [citation(text, 0, 4)], "closest": []})
    msg = answer_message({"abstained": True, "answer": "The readings don't cover this.", "closest": [1]})
    assert "not an answer" in msg


def test_citation_text_has_quote_title_and_position():
    c = citation("Cats sleep a lot.", 0, 10, title="All <about> cats", doc_id="cats", kind="comment")
    assert citation_text(c) == "“Cats sleep” — All <about> cats (cats, characters 0–10, reader comment)"
    html = citations_html({"question": "q", "citations": [c], "closest": []})
    assert "data-copy='“Cats sleep” — All &lt;about&gt; cats" in html


def test_a_citation_names_its_page_or_its_slide():
    c = citation("Cats sleep a lot.", 0, 10, title="Cats", doc_id="cats")
    assert citation_text({**c, "page": 3, "page_unit": "page"}) == "“Cats sleep” — Cats (cats, page 3, characters 0–10)"
    assert citation_text({**c, "page": 3, "page_unit": "slide"}) == "“Cats sleep” — Cats (cats, slide 3, characters 0–10)"
    assert "slide 3, characters 0–10" in citations_html({"question": "q", "citations": [{**c, "page": 3, "page_unit": "slide"}], "closest": []})


def test_chat_messages_show_a_pending_question_as_searching():
    answered = {"question": "a<b", "answer": "x [1]", "abstained": False, "closest": []}
    msgs = chat_messages([answered], pending="<i>next</i>")
    assert [m["role"] for m in msgs] == ["user", "assistant", "user", "assistant"]
    assert msgs[0]["content"] == "a&lt;b" and msgs[2]["content"] == "&lt;i&gt;next&lt;/i&gt;" and msgs[3]["content"] == SEARCHING
    given_up = chat_messages([answered], pending="next", reply="Took <too> long.")
    assert given_up[:2] == msgs[:2] and given_up[3]["content"] == "Took &lt;too&gt; long."
