"""Shared fixtures: the repository paths, the built book, a local web server and a browser."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
DATA = ROOT / "data"
HTML = ROOT / "_build" / "html"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The two console errors every Jupyter Book 1 page logs (CONVENTIONS.md, section 7).
KNOWN_CONSOLE_ERRORS = (
    "Identifier 'THEBE_JS_URL' has already been declared",
    "invalid theme mode",
)


def jupyter_book_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("jupyter-book")
    return [str(exe)] if exe.exists() else ["jupyter-book"]


@pytest.fixture(scope="session")
def built_book() -> Path:
    """Build the book once per test session, exactly as the README does (-W, raise on error).

    Set COURSE_SKIP_BUILD=1 to test an existing _build/html instead.
    """
    if os.environ.get("COURSE_SKIP_BUILD") != "1":
        proc = subprocess.run(
            [*jupyter_book_cmd(), "build", ".", "-W", "--keep-going"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        log = ROOT / "_build" / "build-log.txt"
        log.parent.mkdir(exist_ok=True)
        log.write_text(proc.stdout + "\n--- stderr ---\n" + proc.stderr, encoding="utf-8")
        if proc.returncode != 0:
            tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-60:])
            pytest.fail(f"jupyter-book build failed (exit {proc.returncode}); log in {log}:\n{tail}")
    if not (HTML / "index.html").exists():
        pytest.fail(f"no built book at {HTML}")
    return HTML


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):  # the browser closed a connection early
            pass


@pytest.fixture(scope="session")
def site(built_book):
    """Serve the built book on a free port on 127.0.0.1; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(built_book))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (no browser download)."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(f"Chromium not found at {CHROMIUM}; run the README's test command, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


class PageRecorder:
    """Records every request and console error of one page, for offline and error checks."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base = base_url
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.failed: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on("requestfailed", lambda r: self.failed.append(r.url))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"HTTP {r.status} {r.url}"))

    def foreign_requests(self) -> list[str]:
        local = (self.base, "data:", "blob:", "about:")
        return [u for u in self.requests if not u.startswith(local)]

    def unexpected_errors(self) -> list[str]:
        errs = [e for e in self.console_errors if not any(k in e for k in KNOWN_CONSOLE_ERRORS)]
        errs += [e for e in self.page_errors if not any(k in e for k in KNOWN_CONSOLE_ERRORS)]
        return errs


@pytest.fixture
def open_page(browser, site):
    """Open a page of the built book; returns (page, recorder)."""
    contexts = []

    def _open(path: str, **ctx_args):
        ctx = browser.new_context(**ctx_args)
        contexts.append(ctx)
        page = ctx.new_page()
        rec = PageRecorder(page, site)
        page.goto(f"{site}/{path}", wait_until="load")
        return page, rec

    yield _open
    for ctx in contexts:
        ctx.close()
