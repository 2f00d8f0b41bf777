"""The web server: the page at ``/``, the widget at ``/widget``, an example course page at ``/course``,
the JSON API under ``/api`` and its docs at ``/docs``.

FastAPI carries the JSON API; the two Gradio apps are mounted on it and
uvicorn runs the lot. Domain errors become a 4xx with their one-line
message; nothing reaches a client as a traceback. Who may frame the pages
or call the API from a browser is ``WebOptions`` (same origin only by default).
While serving, a background task looks for a newer build of the store every
``reload_check_s`` seconds and switches to it (``Engine.reload_if_changed``):
questions in flight finish on the build they started with.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import sys
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.cors import CORSMiddleware

from qa.errors import QAError
from qa.models import Answer, AskRequest
from ui.guards import BodyLimit, FrameHeaders, Gate, RateLimit
from ui.options import WebOptions
from ui.schemas import ERRORS, Document

COURSE_FILE = Path(__file__).with_name("course.html")
COURSE_WIDGET_URL = "http://127.0.0.1:7860/widget/"  # the iframe address written in course.html
EXAMPLE = 'send a JSON object like {"question": "Why did accounts move to Telegram?"}.'


def _problem(exc: RequestValidationError) -> str:
    """One sentence for what is wrong with a request body."""
    errors = exc.errors()
    example = EXAMPLE
    if any(e.get("type") == "json_invalid" for e in errors):
        return f"The request body is not valid JSON; {example}"
    if any(tuple(e.get("loc", ())) == ("body",) and e.get("type") == "missing" for e in errors):
        return f"The request body is empty; {example}"
    parts = [f"{'.'.join(str(x) for x in e['loc'][1:]) or 'body'}: {e['msg'].lower()}" for e in errors[:3]]
    return "; ".join(parts) + "." if parts else "The request does not have the documented shape; see /docs."


def create_app(engine, options: WebOptions | None = None) -> FastAPI:
    import gradio as gr

    from ui.apidocs import docs_html
    from ui.app import CSS, build_app

    o = options or WebOptions()
    app = FastAPI(title="Ask the readings", description="Verbatim, cited answers from the readings.", version="1",
                  docs_url=None, redoc_url=None, lifespan=_watch_store(engine, o.reload_check_s))
    # /api/ask: o.workers answers at once in anyio's thread pool (40 threads, shared with Gradio's
    # o.workers per app), o.queue_size more wait on the event loop, the rest get 503 at once
    gate = Gate(workers=o.workers, queue=o.queue_size, wait_s=o.busy_wait_s, timeout_s=o.answer_timeout_s)

    @app.exception_handler(QAError)
    async def _qa_error(_req: Request, exc: QAError):
        return JSONResponse({"detail": str(exc)}, status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_req: Request, exc: RequestValidationError):
        return JSONResponse({"detail": _problem(exc)}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_req: Request, exc: StarletteHTTPException):
        detail = exc.detail
        if exc.status_code == 400 and detail == "There was an error parsing the body":  # FastAPI's words for bad bytes
            detail = f"The request body is not UTF-8 JSON; {EXAMPLE}"
        return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(_req: Request, _exc: Exception):
        return JSONResponse({"detail": "Something went wrong on our side; try again in a moment."}, status_code=500)

    @app.post("/api/ask", response_model=Answer, responses=ERRORS, summary="Ask a question")
    async def ask(req: AskRequest) -> Answer:
        """Answer a question with sentences quoted verbatim from the readings, each cited by document and
        character offsets; or say the readings don't cover it (``abstained``) and list the closest passages.
        Pass earlier turns as ``history`` to ask follow-ups. 503 means busy: retry in a few seconds."""
        return await gate.run(functools.partial(engine.ask, req.question, history=req.history, k=req.k))

    @app.get("/api/documents/{doc_id}", response_model=Document, responses=ERRORS, summary="Read a document")
    def document(doc_id: str = PathParam(max_length=200, description="A doc_id from a citation.")) -> dict:
        """A document's whole text and its article / reader comment / boilerplate blocks, by id (never by path)."""
        return engine.document(doc_id)

    @app.get("/healthz", summary="Is the server up")
    def health() -> dict:
        """Counts of the documents and passages being searched."""
        return {"ok": True, "documents": len(engine.store.docs), "passages": int(len(engine.store.passages))}

    @app.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    def no_endpoint(rest: str, request: Request):
        raise HTTPException(404, f"There is no {request.method} /api/{rest[:80]} endpoint; see /docs for the API.")

    # the pages take no files: Gradio's upload route would let anyone store files on the server
    @app.post("/gradio_api/upload", include_in_schema=False)
    @app.post("/widget/gradio_api/upload", include_in_schema=False)
    def no_uploads():
        raise HTTPException(403, "This app takes no file uploads; ask your question as text.")

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs() -> str:
        return docs_html(app.openapi(), base=o.root_path)

    course = COURSE_FILE.read_text(encoding="utf-8").replace(COURSE_WIDGET_URL, f"{o.root_path}/widget/")

    @app.get("/course", response_class=HTMLResponse, include_in_schema=False)
    def course_page() -> str:
        return course

    # outermost last: framing headers on every response, CORS answered before the size check
    app.add_middleware(BodyLimit, limit=o.max_body_bytes)
    app.add_middleware(RateLimit, per_minute=o.rate_per_minute, burst=o.rate_burst)
    # always installed, so Gradio defers to it instead of adding its own looser CORS rules
    app.add_middleware(CORSMiddleware, allow_origins=list(o.cors_origins), allow_methods=["GET", "POST"],
                       allow_headers=["content-type"], allow_credentials=False)
    app.add_middleware(FrameHeaders, ancestors=o.frame_ancestors)

    # show_error=False: gr.Error messages still reach the student, unexpected exceptions do not
    mount = {"css": CSS, "ssr_mode": False, "show_error": False}
    for path, compact, links in (("/widget", True, []), ("/", False, ["api"])):
        blocks = build_app(engine, compact=compact).queue(default_concurrency_limit=o.workers, max_size=o.queue_size)
        public = (o.root_path + path).rstrip("/") if o.root_path else None  # behind a proxy: the app's public path
        app = gr.mount_gradio_app(app, blocks, path=path, root_path=public, footer_links=links, **mount)
    return app


def _watch_store(engine, every_s: float):
    """A lifespan that, while the server runs, switches the engine to each newer build of the store."""

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        task = asyncio.create_task(_watch(engine, every_s)) if every_s > 0 else None
        try:
            yield
        finally:
            if task:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    return lifespan


async def _watch(engine, every_s: float) -> None:
    import anyio

    log = getattr(engine, "log", None) or (lambda m: print(m, file=sys.stderr, flush=True))
    said, seen = "", None
    while True:
        await asyncio.sleep(every_s)
        build = _current_build(engine)
        if build is not None and build == seen:
            continue  # same build as last time: not even the manifest needs reading
        try:
            if await anyio.to_thread.run_sync(engine.reload_if_changed):
                log(f"Now answering from the new build of the store ({len(engine.store.docs)} documents).")
            said, seen = "", build
        except Exception as e:  # keep answering from the build we have; say why once
            message = str(e) if isinstance(e, QAError) else f"The new build of the store could not be loaded ({type(e).__name__})."
            if message != said:
                log(f"{message} Still answering from the previous build.")
            said = message


def _current_build(engine) -> str | None:
    """Which build the store's ``current`` link points at (None when unknown)."""
    try:
        return os.readlink(Path(engine.settings.store) / "current")
    except (AttributeError, OSError, TypeError):
        return None


def serve(settings, env: dict | None = None) -> None:
    """The ``qa serve`` entry point: web options from the environment, one engine, uvicorn."""
    import uvicorn

    from qa.engine import Engine
    from ui.options import from_env

    options = from_env(os.environ if env is None else env)
    engine = Engine(settings)
    app = create_app(engine, options)
    print(f"Serving on http://{settings.host}:{settings.port}{options.root_path}/", flush=True)
    # behind a proxy that strips the sub-path, uvicorn's root_path puts it back for routing and links
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", proxy_headers=True,
                root_path=options.root_path)
