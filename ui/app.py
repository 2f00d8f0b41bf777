"""The student page (and its compact widget layout) as a Gradio Blocks app.

Handlers first, then wiring. The engine is built once by the server and
passed in; handlers only call ``engine.ask`` and ``engine.document``.
"""

from __future__ import annotations

import gradio as gr

from qa.errors import QAError
from ui.render import citations_html, source_html

EXAMPLES = [
    "Why did accounts move to Telegram?",
    "How does ISIS use social media to recruit women?",
    "How many accounts did Twitter suspend?",
    "What is the capital of France?",
]

CSS = """
.qa-card{border:1px solid #ddd;border-radius:8px;padding:8px 10px;margin:6px 0;background:#fff}
.qa-closest{border-style:dashed;opacity:.85}
.qa-closest-note{color:#8a5a00;font-weight:600;margin:4px 0}
.qa-card-head{font-size:.9em;color:#333;margin-bottom:4px}
.qa-n{font-weight:700}.qa-title{font-weight:600}
.qa-kind{font-size:.75em;padding:1px 6px;border-radius:8px;background:#e8f0fe;color:#1a4fa0}
.qa-kind-comment{background:#fdecea;color:#a0281a}
.qa-pos{font-size:.75em;color:#777}
.qa-passage{white-space:pre-wrap;font-size:.92em;line-height:1.45}
mark.qa-quote{background:#ffe58a;color:inherit;padding:0 1px}
.qa-source{white-space:pre-wrap;max-height:520px;overflow-y:auto;font-size:.9em;line-height:1.5;border:1px solid #eee;padding:8px}
.qa-source-title{font-weight:700;margin-bottom:6px}
.qa-boilerplate{color:#aaa;background:#f5f5f5;text-decoration:line-through;text-decoration-color:#ddd}
.qa-comment{color:#555;background:#fbf7f0}
"""

SCROLL_JS = "() => { setTimeout(() => { const m = document.querySelector('#qa-source mark'); if (m) m.scrollIntoView({block: 'center'}); }, 50); }"


def _choices(answer: dict) -> list[tuple[str, str]]:
    items = answer.get("citations") or answer.get("closest") or []
    return [(f"[{c['n']}] {c['title'][:60]}", str(i)) for i, c in enumerate(items)]


def build_app(engine, *, compact: bool = False, title: str = "Ask the readings") -> gr.Blocks:
    def respond(message: str, history: list, _state: dict):
        history = list(history or [])
        turns = [{"role": m["role"], "content": _text(m["content"])} for m in history]
        try:
            answer = engine.ask(message, history=turns).model_dump()
        except QAError as e:
            raise gr.Error(str(e))
        history += [{"role": "user", "content": message}, {"role": "assistant", "content": answer["answer"]}]
        choices = _choices(answer)
        first = choices[0][1] if choices else None
        return (history, "", citations_html(answer), gr.update(choices=choices, value=first), answer,
                _source_for(answer, first))

    def _source_for(answer: dict, choice: str | None) -> str:
        items = answer.get("citations") or answer.get("closest") or []
        if choice is None or not items:
            return "<div class='qa-empty'>Pick a citation to read it in its source.</div>"
        c = items[int(choice)]
        return source_html(engine.document(c["doc_id"]), c["start"], c["end"])

    def show_source(choice: str | None, answer: dict):
        return _source_for(answer or {}, choice)

    def clear():
        return [], "", citations_html({}), gr.update(choices=[], value=None), {}, _source_for({}, None)

    with gr.Blocks(title=title, analytics_enabled=False) as demo:
        if not compact:
            gr.Markdown(f"## {title}\nAnswers are sentences quoted word for word from the readings, each with its source. "
                        "When the readings don't cover a question, it says so.")
        state = gr.State({})
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                chat = gr.Chatbot(label="Conversation", height=260 if compact else 380, render_markdown=False,
                                  elem_id="qa-chat", buttons=["copy"])
                box = gr.Textbox(label="Your question", placeholder="Ask about the readings…", elem_id="qa-question",
                                 lines=1, max_lines=4, max_length=engine.settings.max_question_chars, submit_btn="Ask")
                with gr.Row():
                    new = gr.Button("New chat", size="sm", elem_id="qa-new")
                if not compact:
                    gr.Examples(EXAMPLES, inputs=box, label="Try one of these")
                cites = gr.HTML(citations_html({}), label="Cited passages", elem_id="qa-citations")
            with gr.Column(scale=2, visible=not compact) as _side:
                pick = gr.Radio(choices=[], label="Open a citation in its source", elem_id="qa-pick")
                source = gr.HTML(_source_for({}, None), elem_id="qa-source-view")
        outputs = [chat, box, cites, pick, state, source]
        box.submit(respond, [box, chat, state], outputs, api_name=False, show_progress="minimal").then(None, js=SCROLL_JS)
        pick.change(show_source, [pick, state], source, api_name=False).then(None, js=SCROLL_JS)
        new.click(clear, None, outputs, api_name=False)

        def ask_api(question: str, history: list | None = None) -> dict:
            try:
                return engine.ask(question, history=history or []).model_dump()
            except QAError as e:
                raise gr.Error(str(e))

        api_q = gr.Textbox(visible=False)
        api_h = gr.JSON(visible=False)
        api_out = gr.JSON(visible=False)
        api_q.submit(ask_api, [api_q, api_h], api_out, api_name="ask")
    return demo


def _text(content) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(c.get("text", "") for c in content if isinstance(c, dict))
    return str(content)
