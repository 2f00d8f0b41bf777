"""The student page (and its compact widget layout) as a Gradio Blocks app.

Handlers first, then wiring. The engine is built once by the server and
passed in; handlers only call ``engine.ask`` (through the server's
``Deadline``, so a slow answer is given up with one sentence) and
``engine.document``, and hand the results to ``ui.render``, which escapes every piece of text.
The conversation lives in a ``gr.State`` (a list of answer dicts); the
Chatbot only displays it.
"""

from __future__ import annotations

import functools
from html import escape
from pathlib import Path

import gradio as gr
from pydantic import ValidationError

from qa.engine import clean_question
from qa.errors import QAError, TooSlow
from qa.models import Turn
from ui.guards import Deadline
from ui.render import chat_messages, citations_html, source_html, source_placeholder

EXAMPLES = [
    "Why did accounts move to Telegram?",
    "How does ISIS use social media to recruit women?",
    "How many accounts did Twitter suspend?",
    "What is the capital of France?",
]
CSS = (Path(__file__).with_name("style.css")).read_text(encoding="utf-8")
KEEP = 20  # answers kept per conversation; follow-ups only look at the last few

# Cards are clickable (and keyboard-focusable); "Copy citation" copies title, quote and position.
CARDS_JS = """
const copy = async (text) => {
  try { await navigator.clipboard.writeText(text); return true; } catch (e) {
    const t = document.createElement('textarea'); t.value = text; t.style.position = 'fixed'; t.style.opacity = '0';
    document.body.appendChild(t); t.select(); const ok = document.execCommand('copy'); t.remove(); return ok;
  }
};
element.addEventListener('click', (e) => {
  const b = e.target.closest('.qa-copy');
  if (b) {
    e.stopPropagation();
    copy(b.dataset.copy).then((ok) => { b.textContent = ok ? 'Copied' : 'Copy failed'; setTimeout(() => { b.textContent = 'Copy citation'; }, 1500); });
    return;
  }
  const c = e.target.closest('.qa-card');
  if (!c) return;
  element.querySelectorAll('.qa-card').forEach((x) => x.classList.remove('qa-open-now'));
  c.classList.add('qa-open-now');
  trigger('open', {doc: c.dataset.doc, start: c.dataset.start, end: c.dataset.end, ps: c.dataset.ps, pe: c.dataset.pe});
});
element.addEventListener('keydown', (e) => {
  if (e.target.classList && e.target.classList.contains('qa-card') && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); e.target.click(); }
});
"""

# Scroll the source viewer to the highlighted quote, and the viewer itself into view.
SOURCE_JS = """
const show = () => {
  const box = element.querySelector('.qa-source'); const m = element.querySelector('mark.qa-quote');
  if (!box || !m) return;
  box.scrollTop = Math.max(0, m.offsetTop - box.clientHeight / 3);
  const r = element.getBoundingClientRect();
  if (r.top < 0 || r.top > window.innerHeight - 80) element.scrollIntoView({block: 'nearest'});
};
watch('value', show); show();
"""


def _turns(answers: list[dict]) -> list[dict]:
    turns = []
    for a in answers[-5:]:
        turns += [{"role": "user", "content": a["question"]}, {"role": "assistant", "content": a["answer"]}]
    return turns


def _history(history) -> list[dict]:
    try:
        return [Turn.model_validate(t).model_dump() for t in (history or [])]
    except ValidationError:
        raise gr.Error("history must be a list of {'role': 'user' or 'assistant', 'content': text} turns.") from None


def build_app(engine, *, compact: bool = False, title: str = "Ask the readings",
              deadline: Deadline | None = None) -> gr.Blocks:
    """The page for ``engine``; ``deadline`` limits the time spent on one answer (default: no limit)."""
    max_chars = engine.settings.max_question_chars
    deadline = deadline or Deadline()

    async def respond(message: str, answers: list):
        answers = list(answers or [])
        try:
            question = clean_question(message or "", max_chars=max_chars)
        except QAError as e:
            raise gr.Error(str(e)) from None
        yield chat_messages(answers, pending=question), "", citations_html(None, searching=True), gr.skip(), answers
        try:
            answer = (await deadline.run(functools.partial(engine.ask, question, history=_turns(answers)))).model_dump()
        except TooSlow as e:  # said in the chat, where the answer would have been; the conversation is unchanged
            last = citations_html(answers[-1] if answers else None)
            yield chat_messages(answers, pending=question, reply=str(e)), question, last, gr.skip(), answers
            return
        except QAError as e:
            gr.Warning(str(e))
            yield chat_messages(answers), question, citations_html(answers[-1] if answers else None), gr.skip(), answers
            return
        answers = (answers + [answer])[-KEEP:]
        yield chat_messages(answers), "", citations_html(answer), source_placeholder(), answers

    def check(message: str, _answers: list):
        """Runs before ``respond``: a bad question is flagged on the textbox, without a round through the queue."""
        try:
            clean_question(message or "", max_chars=max_chars)
        except QAError as e:
            return [gr.validate(False, str(e)), gr.validate(True, "")]
        return [gr.validate(True, ""), gr.validate(True, "")]

    def open_source(evt: gr.EventData):
        data = getattr(evt, "_data", None) or {}
        try:
            doc = engine.document(str(data.get("doc", "")))
            start, end, ps, pe = (int(data[k]) for k in ("start", "end", "ps", "pe"))
        except QAError as e:
            raise gr.Error(str(e)) from None
        except (KeyError, TypeError, ValueError):
            raise gr.Error("That citation could not be opened; ask the question again.") from None
        return source_html(doc, quote=(start, end), passage=(ps, pe))

    def show_answer(answers: list, evt: gr.SelectData):
        i = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        answers = answers or []
        if not isinstance(i, int) or not 0 <= i // 2 < len(answers):
            return gr.skip()
        return citations_html(answers[i // 2])

    def clear():
        return [], "", citations_html(None), source_placeholder(), []

    async def ask(question: str, history: list[dict] | None = None, k: int | None = None) -> dict:
        """Answer a question from the readings: verbatim quotes, each with its document and character offsets.

        history: earlier turns, oldest first, as {"role": "user" | "assistant", "content": text}, for follow-ups.
        k: at most this many citations (default 3).
        """
        turns = _history(history)
        try:
            return (await deadline.run(functools.partial(engine.ask, question, history=turns, k=k))).model_dump()
        except QAError as e:
            raise gr.Error(str(e)) from None

    with gr.Blocks(title=title, analytics_enabled=False) as demo:
        answers = gr.State([])
        with gr.Column(elem_classes=["qa-compact"] if compact else ["qa-page"]):
            if compact:
                gr.HTML(f"<div class='qa-header'>{escape(title)}</div>", js_on_load=None)
            else:
                gr.Markdown(f"## {title}\nAnswers are sentences quoted word for word from the readings, each with its "
                            "source. When the readings don't cover a question, it says so. Click a cited passage to "
                            "read it in its document; click an earlier answer to see its sources again.")
            with gr.Row(equal_height=False):
                with gr.Column(scale=3):
                    chat = gr.Chatbot(label="Conversation", height=230 if compact else 380, render_markdown=False,
                                      elem_id="qa-chat", buttons=[], placeholder="Ask a question about the readings.")
                    box = gr.Textbox(label="Your question", placeholder="Ask about the readings…", elem_id="qa-question",
                                     lines=1, max_lines=4, max_length=max_chars, submit_btn="Ask", show_label=not compact)
                    with gr.Row(elem_classes=["qa-examples"]):
                        examples = [gr.Button(q, size="sm", min_width=120) for q in EXAMPLES[: 2 if compact else None]]
                    new = gr.Button("New chat", size="sm", elem_id="qa-new", variant="secondary")
                    cites = gr.HTML(citations_html(None), elem_id="qa-citations", js_on_load=CARDS_JS,
                                    max_height=None if compact else 640)
                    if compact:
                        source = gr.HTML(source_placeholder(), elem_id="qa-source-view", js_on_load=SOURCE_JS)
                if not compact:
                    with gr.Column(scale=2, elem_id="qa-source-col"):
                        source = gr.HTML(source_placeholder(), elem_id="qa-source-view", js_on_load=SOURCE_JS)

        outputs = [chat, box, cites, source, answers]
        private = {"api_visibility": "private", "show_progress": "minimal"}
        # every event that runs the engine shares one concurrency limit (the queue's default_concurrency_limit)
        answering = {"concurrency_id": "answer", **private}
        box.submit(respond, [box, answers], outputs, validator=check, **answering)
        for b in examples:
            b.click(respond, [b, answers], outputs, **answering)
        cites.open(open_source, None, source, queue=False, **private)
        chat.select(show_answer, [answers], cites, queue=False, **private)
        new.click(clear, None, outputs, queue=False, **private)
        chat.clear(clear, None, outputs, queue=False, **private)
        gr.api(ask, api_name="ask", concurrency_id="answer")
    return demo
