"""The HTTP surface against a real server on a free loopback port: JSON API, errors, limits, headers, gradio_client."""

from __future__ import annotations

import asyncio
import re
import threading
import time

import httpx
import pytest

from qa.errors import Busy, QAError, TooSlow
from qa.models import Answer
from ui import options as web
from ui.guards import Deadline, Gate
from ui.options import WebOptions
from ui.server import COURSE_FILE, create_app
from tests.ui_support import serving, tiny_engine

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return tiny_engine(tmp_path_factory.mktemp("api"))


@pytest.fixture(scope="module")
def base(engine):
    with serving(create_app(engine)) as url:
        yield url


@pytest.fixture(scope="module")
def http(base):
    with httpx.Client(base_url=base, timeout=30) as client:
        yield client


def test_ask_returns_verbatim_quotes_with_offsets(http):
    r = http.post("/api/ask", json={"question": "How long do cats sleep each day?"})
    assert r.status_code == 200, r.text
    answer = Answer.model_validate(r.json())
    assert not answer.abstained and answer.citations[0].doc_id == "cats"
    for c in answer.citations:
        doc = http.get(f"/api/documents/{c.doc_id}").json()
        assert doc["text"][c.start : c.end] == c.quote and f"{c.quote} [{c.n}]" in answer.answer


def test_follow_up_uses_the_history(http):
    history = [{"role": "user", "content": "How long do cats sleep?"}, {"role": "assistant", "content": "..."}]
    r = http.post("/api/ask", json={"question": "Why does it purr?", "history": history, "k": 2})
    assert r.status_code == 200 and "cats sleep" in r.json()["resolved_question"]
    assert len(r.json()["citations"]) <= 2


def test_uncovered_question_abstains_with_closest_matches_apart(http):
    r = http.post("/api/ask", json={"question": "Who won the football match yesterday?"}).json()
    assert r["abstained"] and r["citations"] == [] and "don't cover" in r["answer"]


BAD = [
    ("missing question", {"json": {}}, 422, "question: field required"),
    ("empty question", {"json": {"question": ""}}, 400, "empty"),
    ("blank question", {"json": {"question": " \n\t "}}, 400, "empty"),
    ("question not text", {"json": {"question": 3}}, 422, "question"),
    ("question too long", {"json": {"question": "cats " * 300}}, 400, "characters long"),
    ("history wrong role", {"json": {"question": "cats", "history": [{"role": "bot", "content": "x"}]}}, 422, "history"),
    ("history not a list", {"json": {"question": "cats", "history": "earlier"}}, 422, "history"),
    ("k out of range", {"json": {"question": "cats", "k": 0}}, 422, "k:"),
    ("k not a number", {"json": {"question": "cats", "k": "many"}}, 422, "k:"),
    ("unknown field", {"json": {"question": "cats", "colour": "red"}}, 422, "colour"),
    ("body is a list", {"json": ["cats"]}, 422, "valid dictionary"),
    ("invalid JSON", {"content": b'{"question": ', "headers": {"content-type": "application/json"}}, 422, "not valid json"),
    ("empty body", {"content": b"", "headers": {"content-type": "application/json"}}, 422, "body is empty"),
    ("body over 64 KB", {"json": {"question": "x" * 70_000}}, 413, "larger than 64 kb"),
]


@pytest.mark.parametrize("name, request_kw, status, fragment", BAD, ids=[b[0] for b in BAD])
def test_bad_requests_get_a_4xx_with_one_clear_message(http, name, request_kw, status, fragment):
    r = http.post("/api/ask", **request_kw)
    assert r.status_code == status, r.text
    detail = r.json()["detail"]
    assert isinstance(detail, str) and fragment in detail.lower() and "Traceback" not in detail


def test_chunked_body_over_the_limit_is_refused_before_it_is_read(http):
    def chunks():
        for _ in range(20):
            yield b"x" * 8192

    r = http.post("/api/ask", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and "larger than" in r.json()["detail"]


@pytest.mark.parametrize("raw", ["nope", "cats.txt", "..%2F..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "%2E%2E",
                                 "..%2Fdocs%2Fcats.txt", "cats%00", "C:%5Cwindows%5Cwin.ini", "~root"])
def test_unknown_or_path_like_document_ids_are_404_never_a_file_read(http, base, raw):
    r = http.get(httpx.URL(f"{base}/api/documents/{raw}"))
    assert r.status_code == 404, r.text
    assert "root:" not in r.text and "All about cats" not in r.text and isinstance(r.json()["detail"], str)


def test_unknown_api_path_is_a_json_404(http):
    r = http.get("/api/nothing/here")
    assert r.status_code == 404 and "/docs" in r.json()["detail"]


@pytest.mark.parametrize("path", ["/", "/widget/", "/course", "/docs", "/api/documents/cats", "/healthz"])
def test_only_the_same_origin_may_frame_by_default(http, path):
    r = http.get(path)
    assert r.status_code == 200
    assert r.headers["content-security-policy"] == "frame-ancestors 'self'"
    assert r.headers["x-frame-options"] == "SAMEORIGIN"


def test_cors_is_closed_by_default_for_the_api_and_gradio(http):
    evil = {"origin": "https://evil.example"}
    r = http.post("/api/ask", json={"question": "cats"}, headers=evil)
    assert "access-control-allow-origin" not in r.headers
    pre = http.options("/api/ask", headers={**evil, "access-control-request-method": "POST"})
    assert "access-control-allow-origin" not in pre.headers
    # on a public host Gradio alone would echo any origin back; our CORS policy must win
    g = http.get("/config", headers={**evil, "host": "qa.example.edu"})
    assert "access-control-allow-origin" not in g.headers


def test_allowed_origins_are_a_setting(engine):
    from fastapi.testclient import TestClient

    lms = "https://lms.example.edu"
    app = create_app(engine, WebOptions(frame_ancestors=("'self'", lms), cors_origins=(lms,)))
    client = TestClient(app)
    r = client.get("/healthz")
    assert r.headers["content-security-policy"] == f"frame-ancestors 'self' {lms}" and "x-frame-options" not in r.headers
    ok = client.options("/api/ask", headers={"origin": lms, "access-control-request-method": "POST"})
    assert ok.headers.get("access-control-allow-origin") == lms
    bad = client.options("/api/ask", headers={"origin": "https://evil.example", "access-control-request-method": "POST"})
    assert "access-control-allow-origin" not in bad.headers


def _links(html: str) -> list[str]:
    return re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)""", html)


def test_api_docs_are_served_offline(http):
    r = http.get("/docs")
    assert r.status_code == 200 and "/api/ask" in r.text and "AskRequest" in r.text and "citations" in r.text
    assert all(not re.match(r"^(https?:)?//", link) for link in _links(r.text)), _links(r.text)
    assert "<script" not in r.text
    spec = http.get("/openapi.json").json()
    assert {"/api/ask", "/api/documents/{doc_id}"} <= set(spec["paths"])


def test_course_page_embeds_the_widget_from_this_server(http):
    r = http.get("/course")
    assert r.status_code == 200 and 'src="/widget/"' in r.text and "<iframe" in r.text
    assert all(link.startswith("/") for link in _links(r.text)), _links(r.text)
    # as a plain file it points at a default local server
    assert 'src="http://127.0.0.1:7860/widget/"' in COURSE_FILE.read_text(encoding="utf-8")


def test_gradio_client_can_call_the_named_ask_endpoint(base):
    from gradio_client import Client

    for path in ("/", "/widget/"):
        client = Client(base + path, verbose=False)
        try:
            a = client.predict("How long do cats sleep?", [], None, api_name="/ask")
            assert Answer.model_validate(a).citations[0].doc_id == "cats"
            history = [{"role": "user", "content": "How long do cats sleep?"}, {"role": "assistant", "content": a["answer"]}]
            follow = client.predict("Why does it purr?", history, 1, api_name="/ask")
            assert "cats sleep" in follow["resolved_question"] and len(follow["citations"]) == 1
            with pytest.raises(Exception, match="empty"):
                client.predict("", [], None, api_name="/ask")
            with pytest.raises(Exception, match="history must be"):
                client.predict("cats", [{"role": "bot", "content": "x"}], None, api_name="/ask")
        finally:
            client.close()


def test_root_path_behind_a_proxy(engine):
    with serving(create_app(engine, WebOptions(root_path="/qa")), root_path="/qa") as url:
        with httpx.Client(base_url=url, timeout=30) as c:  # as the proxy forwards them: sub-path stripped
            assert c.get("/widget/config").json()["root"] == f"{url}/qa/widget"
            assert c.get("/config").json()["root"] == f"{url}/qa"
            assert 'src="/qa/widget/"' in c.get("/course").text
            assert c.post("/api/ask", json={"question": "lava"}).status_code == 200


class Slow:
    """The tiny engine, taking ``delay`` seconds per question."""

    def __init__(self, engine, delay):
        self._engine, self._delay = engine, delay

    def ask(self, *args, **kw):
        time.sleep(self._delay)
        return self._engine.ask(*args, **kw)

    def __getattr__(self, name):
        return getattr(self._engine, name)


def test_api_says_busy_with_503_when_workers_and_queue_are_full(engine):
    from fastapi.testclient import TestClient

    results = []
    with TestClient(create_app(Slow(engine, 1.0), WebOptions(workers=1, queue_size=0))) as client:  # one event loop

        def ask():
            results.append(client.post("/api/ask", json={"question": "cats"}))

        first = threading.Thread(target=ask)
        first.start()
        time.sleep(0.3)
        ask()
        first.join()
    codes = sorted(r.status_code for r in results)
    assert codes == [200, 503], codes
    assert "busy" in next(r for r in results if r.status_code == 503).json()["detail"]


def test_gate_queues_a_few_then_refuses():
    gate = Gate(workers=1, queue=1, wait_s=0.3)

    async def main():
        slow = lambda: time.sleep(0.5)  # noqa: E731
        return await asyncio.gather(gate.run(slow), gate.run(slow), gate.run(slow), return_exceptions=True)

    results = asyncio.run(main())
    assert results[0] is None
    assert isinstance(results[1], Busy)  # waited 0.3 s for a worker, then gave up
    assert isinstance(results[2], Busy)  # queue already full: refused at once


def test_deadline_gives_up_and_bounds_the_threads_it_leaves_running():
    deadline = Deadline(0.2, stray=1)
    release = threading.Event()

    async def main():
        with pytest.raises(TooSlow, match="longer than 0.2 seconds"):
            await deadline.run(release.wait, 10)  # 10 s: a bound, should the test fail before release
        assert deadline.abandoned == 1
        with pytest.raises(Busy):  # the given-up call still holds its thread: no new one is started
            await deadline.run(lambda: "answer")
        release.set()
        for _ in range(200):
            if not deadline.abandoned:
                break
            await asyncio.sleep(0.01)
        assert await deadline.run(lambda: "answer") == "answer"

    try:
        asyncio.run(main())
    finally:
        release.set()


@pytest.mark.parametrize("env, message", [
    ({"QA_FRAME_ANCESTORS": "https://a.example; script-src *"}, "QA_FRAME_ANCESTORS"),
    ({"QA_FRAME_ANCESTORS": "'none' https://a.example"}, "'none'"),
    ({"QA_CORS_ORIGINS": "*"}, "QA_CORS_ORIGINS"),
    ({"QA_CORS_ORIGINS": "https://a.example/path"}, "QA_CORS_ORIGINS"),
    ({"QA_ROOT_PATH": "https://host/qa"}, "QA_ROOT_PATH"),
    ({"QA_WORKERS": "0"}, "QA_WORKERS"),
])
def test_bad_web_settings_say_what_to_fix(env, message):
    with pytest.raises(QAError, match=re.escape(message)):
        web.from_env(env)


def test_web_settings_from_the_environment():
    o = web.from_env({"QA_FRAME_ANCESTORS": "'self' https://lms.example.edu", "QA_CORS_ORIGINS": "https://lms.example.edu/,"
                      " http://localhost:8000", "QA_ROOT_PATH": "/qa/", "QA_WORKERS": "8"})
    assert o.frame_ancestors == ("'self'", "https://lms.example.edu")
    assert o.cors_origins == ("https://lms.example.edu", "http://localhost:8000")
    assert (o.root_path, o.workers) == ("/qa", 8)
    assert web.from_env({}) == WebOptions()
