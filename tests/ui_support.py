"""Helpers for the web tests: a tiny engine built once per module, a real server on a free loopback port,
and a question asked through the page's chat box the way the browser asks it.

The server runs uvicorn in a thread on a socket we bind ourselves (so the
port cannot be taken between choosing and binding), and is always stopped
by the code that started it.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import TINY, fake_settings, write_corpus

HOSTILE = {
    "markup": (
        "Markup <b>in</b> articles <script>alert('title')</script>\n\n"
        "Some web pages quote code such as <script>alert(1)</script> inside their article text, "
        "and a browser must show it as plain text.\n\n"
        "An image tag like <img src=x onerror=alert(1)> is another classic injection that must stay "
        "visible as characters & symbols.\n"
    ),
    **TINY,
}


def tiny_engine(folder: Path, docs: dict[str, str] = TINY):
    """An engine over ``docs`` with the hashing embedder (milliseconds, no model)."""
    from index.embed import HashEmbedder
    from qa.engine import Engine

    settings = fake_settings(docs=write_corpus(folder / "docs", docs), store=folder / "store")
    return Engine(settings, embedder=HashEmbedder(), log=lambda m: None)


@contextmanager
def serving(app, *, root_path: str = "", start_timeout: float = 30.0):
    """Serve ``app`` on 127.0.0.1 at a free port; yields the base URL; stops the server on exit."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=2,
                            root_path=root_path)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name=f"uvicorn-{port}")
    thread.start()
    try:
        deadline = time.monotonic() + start_timeout
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the test server on port {port} did not start within {start_timeout:.0f} s")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


def page_submit(base: str, question: str, *, session: str = "", timeout: float = 30.0) -> list:
    """Press Enter in the page's question box, as the browser does (Gradio's queue: join, then read the events).

    The chat event is private (gradio_client cannot call it), so this speaks the
    protocol itself. The same ``session`` continues one conversation. Returns
    the finished event's outputs: chat, textbox, citations, source viewer
    (the conversation itself stays on the server).
    """
    import httpx

    with httpx.Client(base_url=base, timeout=timeout) as c:
        config = c.get("/config").json()
        box = next(b["id"] for b in config["components"] if b.get("props", {}).get("elem_id") == "qa-question")
        event = next(d["id"] for d in config["dependencies"] if [box, "submit"] in [list(t) for t in d["targets"]])
        session = session or uuid.uuid4().hex
        join = {"data": [question, None], "fn_index": event, "session_hash": session, "trigger_id": box}
        c.post("/gradio_api/queue/join", json=join).raise_for_status()
        with c.stream("GET", "/gradio_api/queue/data", params={"session_hash": session}) as events:
            for line in events.iter_lines():
                msg = json.loads(line[5:]) if line.startswith("data:") else {}
                if msg.get("msg") == "process_completed":
                    if not msg.get("success"):
                        raise RuntimeError(f"the page event failed: {msg.get('output')}")
                    return msg["output"]["data"][:4]
    raise RuntimeError("the page event ended without a result")
