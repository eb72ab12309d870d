"""What the browser tests and the benchmark share: a free loopback port, the arguments of
`streamlit run` for a local server, and headless Chromium (where to find it and how to
start it on a machine without a display or a sandbox)."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path


def free_port() -> int:
    """A free loopback port (never 8501, where a developer's own server may run)."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port != 8501:
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
