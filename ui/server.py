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
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.cors import CORSMiddleware

from qa.errors import QAError
from qa.models import Answer, AskRequest
from ui.guards import BodyLimit, Deadline, FrameHeaders, Gate, RateLimit
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


def create_app(engine, options: WebOptions | None = None, courses: dict | None = None) -> FastAPI:
    """The whole web app around ``engine`` (the default readings) and any other ``courses`` (name -> Engine).

    Each course gets its own page at ``/c/NAME/`` and widget at ``/c/NAME/widget/``
    (``/widget/?course=NAME`` leads there); ``/api/ask`` picks one with ``course``.
    """
    import gradio as gr

    from qa.courses import UnknownCourse, check_name
    from ui.apidocs import docs_html
    from ui.app import CSS, build_app

    o = options or WebOptions()
    courses = dict(courses or {})

    def engine_for(name: str | None):
        if name in (None, "", "default"):
            return engine
        check_name(name)
        if name not in courses:
            raise UnknownCourse(f"There is no course named {name!r} on this server; leave the course out for the default readings.")
        return courses[name]

    app = FastAPI(title="Ask the readings", description="Verbatim, cited answers from the readings.", version="1",
                  docs_url=None, redoc_url=None, lifespan=_watch_store([engine, *courses.values()], o.reload_check_s))
    # /api/ask: o.workers answers at once in anyio's thread pool (40 threads, shared with Gradio's
    # o.workers per app), o.queue_size more wait on the event loop, the rest get 503 at once.
    # One deadline for the API and every page: an answer over o.answer_timeout_s is given up, and
    # while 2 * o.workers given-up answers still run (threads cannot be stopped), new ones get "busy".
    deadline = Deadline(o.answer_timeout_s, stray=2 * o.workers)
    gate = Gate(workers=o.workers, queue=o.queue_size, wait_s=o.busy_wait_s, deadline=deadline)

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
        chosen = engine_for(req.course)
        return await gate.run(functools.partial(chosen.ask, req.question, history=req.history, k=req.k))

    @app.get("/api/documents/{doc_id}", response_model=Document, responses=ERRORS, summary="Read a document")
    def document(doc_id: str = PathParam(max_length=200, description="A doc_id from a citation."),
                 course: str | None = None) -> dict:
        """A document's whole text and its article / reader comment / boilerplate blocks, by id (never by path)."""
        return engine_for(course).document(doc_id)

    @app.get("/healthz", summary="Is the server up")
    def health() -> dict:
        """Counts of the documents and passages being searched."""
        return {"ok": True, "documents": len(engine.store.docs), "passages": int(len(engine.store.passages))}

    @app.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    def no_endpoint(rest: str, request: Request):
        raise HTTPException(404, f"There is no {request.method} /api/{rest[:80]} endpoint; see /docs for the API.")

    # the pages take no files: Gradio's upload route would let anyone store files on the server
    def no_uploads():
        raise HTTPException(403, "This app takes no file uploads; ask your question as text.")

    for prefix in ["", "/widget", *[f"/c/{n}{w}" for n in courses for w in ("", "/widget")]]:
        app.add_api_route(f"{prefix}/gradio_api/upload", no_uploads, methods=["POST"], include_in_schema=False)

    @app.middleware("http")
    async def course_links(request: Request, call_next):
        """``/widget/?course=NAME`` and ``/?course=NAME`` lead to that course's own page."""
        name = request.query_params.get("course")
        if request.method == "GET" and name and request.url.path in ("/", "/widget", "/widget/"):
            try:
                engine_for(name)
            except QAError as e:
                return JSONResponse({"detail": str(e)}, status_code=e.status)
            if name != "default":
                widget = "widget/" if request.url.path.startswith("/widget") else ""
                return RedirectResponse(f"{o.root_path}/c/{name}/{widget}", status_code=307)
        return await call_next(request)

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs() -> str:
        return docs_html(app.openapi(), base=o.root_path)

    course = COURSE_FILE.read_text(encoding="utf-8").replace(COURSE_WIDGET_URL, f"{o.root_path}/widget/")

    @app.get("/course", response_class=HTMLResponse, include_in_schema=False)
    def course_page(course: str | None = None) -> str:
        if course in (None, "", "default"):
            return page_for_default
        engine_for(course)
        return COURSE_FILE.read_text(encoding="utf-8").replace(COURSE_WIDGET_URL, f"{o.root_path}/c/{course}/widget/")

    page_for_default = course

    # outermost last: framing headers on every response, CORS answered before the size check
    app.add_middleware(BodyLimit, limit=o.max_body_bytes)
    app.add_middleware(RateLimit, per_minute=o.rate_per_minute, burst=o.rate_burst)
    # always installed, so Gradio defers to it instead of adding its own looser CORS rules
    app.add_middleware(CORSMiddleware, allow_origins=list(o.cors_origins), allow_methods=["GET", "POST"],
                       allow_headers=["content-type"], allow_credentials=False)
    app.add_middleware(FrameHeaders, ancestors=o.frame_ancestors)

    # show_error=False: gr.Error messages still reach the student, unexpected exceptions do not
    mount = {"css": CSS, "ssr_mode": False, "show_error": False}
    mounts = [(f"/c/{n}{w}", e, w == "/widget", []) for n, e in courses.items() for w in ("/widget", "")]
    mounts += [("/widget", engine, True, []), ("/", engine, False, ["api"])]  # the catch-all "/" last
    for path, eng, compact, links in mounts:
        blocks = build_app(eng, compact=compact, deadline=deadline)
        blocks.queue(default_concurrency_limit=o.workers, max_size=o.queue_size)
        public = (o.root_path + path).rstrip("/") if o.root_path else None  # behind a proxy: the app's public path
        app = gr.mount_gradio_app(app, blocks, path=path, root_path=public, footer_links=links, **mount)
    return app


def _watch_store(engines: list, every_s: float):
    """A lifespan that, while the server runs, switches each engine to each newer build of its store."""

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        tasks = [asyncio.create_task(_watch(e, every_s)) for e in engines] if every_s > 0 else []
        try:
            yield
        finally:
            for task in tasks:
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

    from qa import courses as registered

    options = from_env(os.environ if env is None else env)
    engine = Engine(settings)
    courses = {}
    for name in registered.registry(settings):
        try:  # one model for all courses; each course answers only from its own store
            courses[name] = Engine(registered.settings_for(settings, name), embedder=engine.embedder)
        except QAError as e:
            print(f"warning: not serving the course {name!r}: {e}", file=sys.stderr, flush=True)
    app = create_app(engine, options, courses)
    for name in courses:
        print(f"Course {name!r}: http://{settings.host}:{settings.port}{options.root_path}/c/{name}/", flush=True)
    print(f"Serving on http://{settings.host}:{settings.port}{options.root_path}/", flush=True)
    # behind a proxy that strips the sub-path, uvicorn's root_path puts it back for routing and links
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", proxy_headers=True,
                root_path=options.root_path)
