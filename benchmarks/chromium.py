"""Headless Chromium, shared by the browser tests and the benchmark: where to find it and
how to start it on a machine without a display or a sandbox."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

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
