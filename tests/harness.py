"""What the browser tests and the benchmark share: a free loopback port, the arguments of
`streamlit run` for a local server, the server itself (`StreamlitServer`: started, polled
until healthy, stopped by its PID), and headless Chromium (where to find it and how to start
it on a machine without a display or a sandbox).

Used by the end-to-end tier (tests/e2e/conftest.py, tests/e2e/browsing.py), the deployment
test (tests/test_deploy.py) and the browser benchmark (benchmarks/browser.py), each importing
it as `tests.harness` from the repository root. Nothing here imports pytest: a test turns
`ServerError` into a failure itself."""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Container, Mapping
from pathlib import Path
from typing import NoReturn

HEALTH_PATH = "/_stcore/health"
POLL_INTERVAL_S = 0.25
STOP_TIMEOUT_S = 15.0
LOG_TAIL_CHARS = 6000


def free_port(avoid: Container[int] = ()) -> int:
    """A free loopback port (never 8501, where a developer's own server may run, nor one in
    `avoid`, e.g. a port just handed to another server that has not bound it yet)."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port != 8501 and port not in avoid:
            return port


def run_args(script: str | Path, port: int) -> list[str]:
    """The arguments after `streamlit`: `run <script>` headless on 127.0.0.1:<port>, with no
    usage statistics and no file watcher."""
    return [
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]


class ServerError(RuntimeError):
    """The server exited, or was not healthy in time. The message's first line says which;
    the tail of the server's log follows."""


class StreamlitServer:
    """`<python> -m streamlit run <script>` in `cwd` on a free loopback port, its output in
    `log_path`.

    `start()` (or `with StreamlitServer(...) as server:`) spawns it and polls
    `/_stcore/health` until it answers `ok`; it raises `ServerError` if the process exits
    first or `timeout` seconds pass, after stopping it. `stop()` terminates it by its PID,
    waits, and kills it if it does not exit. `launch()` and `wait_healthy()` are the two
    halves of `start()`, for starting several servers side by side.
    """

    def __init__(
        self,
        script: str | Path,
        *,
        cwd: str | Path,
        env: Mapping[str, str],
        log_path: Path,
        python: str | Path = sys.executable,
        timeout: float = 60.0,
        port: int | None = None,
        module: str = "streamlit",
    ):
        self.script = script
        self.module = module  # e.g. `benchmarks.served`: the same server, its runs timed
        self.cwd = Path(cwd)
        self.env = dict(env)
        self.log_path = Path(log_path)
        self.python = str(python)
        self.timeout = timeout
        self.port = free_port() if port is None else port
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    @property
    def command(self) -> list[str]:
        return [self.python, "-m", self.module, *run_args(self.script, self.port)]

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def launch(self) -> StreamlitServer:
        """Spawn the server; do not wait for it."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("wb") as log:  # the child keeps its own handle
            self.process = subprocess.Popen(
                self.command, cwd=self.cwd, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        return self

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + HEALTH_PATH, timeout=2) as reply:
                return reply.status == 200 and reply.read().strip() == b"ok"
        except (OSError, http.client.HTTPException):
            return False

    def wait_healthy(self) -> None:
        """Poll until healthy; on failure stop the server and raise `ServerError`."""
        assert self.process is not None, "launch() the server first"
        deadline = time.monotonic() + self.timeout
        while not self.healthy():
            if self.process.poll() is not None:
                self._fail(f"exited with {self.process.returncode} before it was healthy")
            if time.monotonic() > deadline:
                self._fail(f"was not healthy after {self.timeout:g} s")
            time.sleep(POLL_INTERVAL_S)

    def start(self) -> StreamlitServer:
        self.launch()
        try:
            self.wait_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def _fail(self, what: str) -> NoReturn:
        self.stop()
        raise ServerError(
            f"streamlit run {self.script} on port {self.port} {what}; the end of "
            f"{self.log_path}:\n{self.log_tail()}"
        )

    def log(self) -> str:
        """Everything the server has written so far."""
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def log_tail(self, chars: int = LOG_TAIL_CHARS) -> str:
        return self.log()[-chars:]

    def stop(self) -> None:
        """Terminate by PID, wait, kill if it does not exit. Safe to call twice."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT_S)

    def __enter__(self) -> StreamlitServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


#: Debian's chromium (`apt-get install chromium`) and its older name.
SYSTEM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")

LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    """The system Chromium, else one on the PATH, else Playwright's managed one if it is
    installed; None when there is none."""
    for candidate in SYSTEM_PATHS:
        if os.access(candidate, os.X_OK):
            return candidate
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            managed = p.chromium.executable_path
    except Exception:  # no playwright driver, or no managed browser recorded
        return None
    return managed if managed and Path(managed).is_file() else None
