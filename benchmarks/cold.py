"""A cold start's child, `python -m benchmarks.cold app|trivial|imports`: imports AppTest,
runs app.py (or the trivial page) to its first complete page and prints READY (for the app
with how it loaded: `stored` or `full`); `imports` imports what the first page imports,
nothing else. `start` spawns it and returns at that line: the time a cold start takes."""

from __future__ import annotations

import os
import select
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: What app.py and the Overview import, for the cold start of the imports alone.
IMPORTS = ("dashboard.ui", "dashboard.views.overview.itinerary", "dashboard.views.maps",
           "dashboard.views.overview", "dashboard.ui.serve")  # fmt: skip


def start(target: str, env: dict, timeout: float) -> tuple[subprocess.Popen, str]:
    """The child, once it printed READY, and how the app loaded ('' for the others)."""
    child = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.cold", target],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    ready = select.select([child.stdout], [], [], timeout)[0]
    line = child.stdout.readline() if ready else ""
    if not line.startswith("READY"):
        stop(child)
        raise RuntimeError(line.strip() or f"no READY line after {timeout:.0f} s")
    return child, line.removeprefix("READY").strip()


def stop(child: subprocess.Popen) -> None:
    """Let the child exit (it does after READY); kill it after a minute."""
    try:
        child.wait(timeout=60)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def main(target: str) -> int:
    import importlib

    from streamlit.testing.v1 import AppTest

    if target == "imports":
        for module in IMPORTS:
            importlib.import_module(module)
        print("READY", flush=True)
        return 0
    if target == "app":  # a page's error is let through, never timed as the page
        from dashboard.ui.render import DEBUG_ENV

        os.environ[DEBUG_ENV] = "1"
    script = ROOT / "app.py" if target == "app" else ROOT / "benchmarks" / "trivial_page.py"
    at = AppTest.from_file(str(script), default_timeout=1800.0)
    at.run()
    if len(at.exception):
        print("ERROR " + at.exception[0].message.splitlines()[0][:200], flush=True)
        return 1
    how = ""
    if target == "app":
        from dashboard.ui import cache

        loads = cache.loaded_now()
        how = " stored" if loads and loads[-1].stored else " full"
    print("READY" + how, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
