"""The web server: the Gradio page at ``/``, the widget at ``/widget``, the JSON API under ``/api``.

FastAPI carries the JSON API and OpenAPI docs (``/docs``); the Gradio apps
are mounted on it and uvicorn runs the lot. Domain errors become a 4xx with
the one-line message; nothing reaches a client as a traceback.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from qa.errors import QAError
from qa.models import Answer, AskRequest


def create_app(engine) -> FastAPI:
    import gradio as gr

    from ui.app import CSS, build_app

    app = FastAPI(title="Ask the readings", description="Verbatim, cited answers from the readings.", version="1")

    @app.exception_handler(QAError)
    async def _qa_error(_req: Request, exc: QAError):
        return JSONResponse({"detail": str(exc)}, status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_req: Request, exc: RequestValidationError):
        lines = [f"{'.'.join(str(x) for x in e['loc'][1:]) or 'body'}: {e['msg']}" for e in exc.errors()]
        return JSONResponse({"detail": "; ".join(lines) or "The request is not valid JSON of the documented shape."}, status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(_req: Request, _exc: Exception):
        return JSONResponse({"detail": "Something went wrong on our side; try again in a moment."}, status_code=500)

    @app.post("/api/ask", response_model=Answer)
    def ask(req: AskRequest) -> Answer:
        return engine.ask(req.question, history=req.history, k=req.k)

    @app.get("/api/documents/{doc_id}")
    def document(doc_id: str) -> dict:
        return engine.document(doc_id)

    @app.get("/healthz")
    def health() -> dict:
        return {"ok": True, "documents": len(engine.store.docs), "passages": int(len(engine.store.passages))}

    page = build_app(engine).queue(default_concurrency_limit=4, max_size=64)
    widget = build_app(engine, compact=True).queue(default_concurrency_limit=4, max_size=64)
    app = gr.mount_gradio_app(app, widget, path="/widget", css=CSS, footer_links=[])
    app = gr.mount_gradio_app(app, page, path="/", css=CSS, footer_links=["api"])
    return app


def serve(settings) -> None:
    import uvicorn

    from qa.engine import Engine

    engine = Engine(settings)
    app = create_app(engine)
    print(f"Serving on http://{settings.host}:{settings.port}", flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
