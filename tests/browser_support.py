"""Driving Debian's Chromium through Playwright: launch (or skip/fail), screenshots, request log.

Without a browser the browser tests are skipped, except when
``QA_REQUIRE_BROWSER=1`` (CI), where that is a failure.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "browser"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def no_browser(reason: str):
    if os.environ.get("QA_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (QA_REQUIRE_BROWSER=1, so this is a failure; install it with apt-get install chromium)")
    pytest.skip(reason)


def launch(playwright):
    path = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if not path:
        no_browser(f"no Chromium at {CHROMIUM}")
    return playwright.chromium.launch(executable_path=path, args=ARGS, timeout=60_000)


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


class Requests:
    """Every request a browser context makes, and every dialog (alert, confirm...) it opens."""

    def __init__(self, context):
        self.urls: list[str] = []
        self.dialogs: list[str] = []
        context.on("request", lambda r: self.urls.append(r.url))
        context.on("page", self.watch)

    def watch(self, page):
        def dismiss(d):
            self.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        page.on("dialog", dismiss)

    def outside(self) -> list[str]:
        """Requests to anything but this machine (data: and blob: URLs never leave the browser)."""
        return [u for u in self.urls if urlsplit(u).scheme not in ("data", "blob", "about") and urlsplit(u).hostname not in LOCAL_HOSTS]
