"""Open a page in headless Chromium and report what a reader would see, for the report's tests.

No browser-driver package: Chromium is started with ``--remote-debugging-pipe`` and driven over
the DevTools protocol (JSON messages ending in a NUL byte, on file descriptors 3 and 4). The
page is loaded from a file, every console message, uncaught exception and log entry (failed
resource loads included) is collected, a script measures what rendered (after an optional
script is injected: axe-core), a full-page screenshot is taken, and the page may be printed to
PDF as Chromium's "Save as PDF" does (the page's own ``@page`` size and margins).

`find_chromium` looks for Debian's ``chromium`` (or another Chromium or Chrome) on the PATH, or
takes the ``ROADMAP_CHROMIUM`` environment variable.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-pipe",
    "--hide-scrollbars",
)
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    explicit = os.environ.get("ROADMAP_CHROMIUM")
    if explicit:
        return explicit
    return next((path for name in NAMES if (path := shutil.which(name))), None)


def require_chromium() -> str:
    """Chromium's path; else skip the test, or fail it when ``ROADMAP_REQUIRE_BROWSER=1``."""
    import pytest

    found = find_chromium()
    if found is not None:
        return found
    message = (
        "no Chromium found (install Debian's `chromium`, or set ROADMAP_CHROMIUM); "
        "the report was not opened in a browser"
    )
    if os.environ.get("ROADMAP_REQUIRE_BROWSER") == "1":
        pytest.fail(message + ", and ROADMAP_REQUIRE_BROWSER=1 requires it")
    pytest.skip(message)


@dataclass
class PageResult:
    """What loading a page gave."""

    measured: Any
    """The value of the measuring script (JSON)."""
    errors: list[str] = field(default_factory=list)
    """Console errors and warnings, uncaught exceptions, failed loads, network requests."""
    screenshot: bytes = b""
    pdf: bytes = b""
    """The page printed to PDF, when asked for."""


class _Pipe:
    def __init__(self, process: subprocess.Popen[bytes], write_fd: int, read_fd: int) -> None:
        self.process, self.write_fd, self.read_fd = process, write_fd, read_fd
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def send(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        session: str | None = None,
        timeout: float = 30.0,
    ) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.write_fd, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._receive(timeout)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 30.0) -> dict[str, Any]:
        for index, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(index)
        while True:
            event = self._receive(timeout)
            if event.get("method") == method:
                return event
            self.events.append(event)

    def _receive(self, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.read_fd], [], [], max(left, 0))
            if not ready:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self.read_fd, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self.buffer += chunk
        message, _, self.buffer = self.buffer.partition(b"\0")
        parsed: dict[str, Any] = json.loads(message)
        return parsed


def open_page(
    chromium: str,
    page: Path,
    script: str,
    *,
    width: int = 1400,
    mobile: bool = False,
    inject: str | None = None,
    pdf: bool = False,
) -> PageResult:
    """Load ``page`` (a file), run ``inject`` (a script: a library such as axe-core), run
    ``script`` (an expression giving JSON, or a promise of it), take a screenshot, and print the
    page to PDF when ``pdf``. ``width`` pixels wide; ``mobile`` emulates a phone (touch, the
    viewport meta tag honoured)."""
    to_browser_read, to_browser_write = os.pipe()
    from_browser_read, from_browser_write = os.pipe()
    with tempfile.TemporaryDirectory(prefix="roadmap-chromium-") as profile:

        def plumb() -> None:  # in the child: the protocol wants fds 3 (in) and 4 (out)
            reading, writing = os.dup(to_browser_read), os.dup(from_browser_write)  # above 4
            os.dup2(reading, 3)  # dup2 makes them inheritable (pipes are created close-on-exec)
            os.dup2(writing, 4)

        process = subprocess.Popen(
            [
                chromium,
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={width},900",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,  # pass_fds would close 3 and 4 again after plumb() made them
            preexec_fn=plumb,
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        pipe = _Pipe(process, to_browser_write, from_browser_read)
        try:
            return _drive(pipe, page, script, width, mobile, inject, pdf)
        finally:
            with contextlib.suppress(RuntimeError, TimeoutError, OSError):
                pipe.send("Browser.close", timeout=5)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            os.close(to_browser_write)
            os.close(from_browser_read)


def _drive(
    pipe: _Pipe,
    page: Path,
    script: str,
    width: int,
    mobile: bool,
    inject: str | None,
    pdf: bool,
) -> PageResult:
    target = pipe.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = pipe.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network"):
        pipe.send(f"{domain}.enable", session=session)
    pipe.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": mobile},
        session=session,
    )
    pipe.send("Page.navigate", {"url": page.resolve().as_uri()}, session=session)
    pipe.wait_for("Page.loadEventFired")
    if inject is not None:
        injected = pipe.send("Runtime.evaluate", {"expression": inject}, session=session)
        if "exceptionDetails" in injected:
            raise RuntimeError(f"the injected script failed: {injected['exceptionDetails']}")
    measured = pipe.send(
        "Runtime.evaluate",
        {"expression": script, "returnByValue": True, "awaitPromise": True},
        session=session,
        timeout=120,
    )
    metrics = pipe.send("Page.getLayoutMetrics", session=session)["cssContentSize"]
    shot = pipe.send(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {
                "x": 0,
                "y": 0,
                "width": metrics["width"],
                "height": metrics["height"],
                "scale": 1,
            },
        },
        session=session,
        timeout=60,
    )
    printed = b""
    if pdf:
        printed = base64.b64decode(
            pipe.send(
                "Page.printToPDF",
                {"preferCSSPageSize": True, "printBackground": True},
                session=session,
                timeout=120,
            )["data"]
        )
    errors = []
    for event in pipe.events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in (
            "error",
            "warning",
            "assert",
        ):
            errors.append(f"console.{params['type']}: {params.get('args')}")
        elif method == "Runtime.exceptionThrown":
            errors.append(f"exception: {params['exceptionDetails'].get('text')}")
        elif method == "Log.entryAdded" and params["entry"].get("level") in ("error", "warning"):
            errors.append(f"log: {params['entry'].get('text')} {params['entry'].get('url', '')}")
        elif method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if not url.startswith(("file:", "data:", "about:")):
                errors.append(f"network request: {url}")
    if "exceptionDetails" in measured:
        errors.append(f"the measuring script failed: {measured['exceptionDetails']}")
    return PageResult(
        measured=measured.get("result", {}).get("value"),
        errors=errors,
        screenshot=base64.b64decode(shot["data"]),
        pdf=printed,
    )
