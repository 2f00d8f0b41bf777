"""Helpers for the web tests: a tiny engine built once per module, and a real server on a free loopback port.

The server runs uvicorn in a thread on a socket we bind ourselves (so the
port cannot be taken between choosing and binding), and is always stopped
by the code that started it.
"""

from __future__ import annotations

import socket
import threading
import time
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
