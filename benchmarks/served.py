"""`streamlit run`, with each script run's time written down: the server of the browser
timings (`benchmarks.browser`).

`python -m benchmarks.served run <script> [options]` is `python -m streamlit run ...` with one
addition: every script run (one per rerun: the page's code, Streamlit's elements and
widgets, the queued messages) is timed until its end is announced, and the list of those
times is written to the file named by $BENCHMARK_RUNS_FILE after each run, as JSON.

The browser benchmark reads that list before and after each timed click, so it knows how
long the server's script ran for that click. A click without any script run at all (no
project code, no Streamlit element built) could not take less than the click less that
time: the click's bound.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

RUNS_FILE = "BENCHMARK_RUNS_FILE"


class RunLog:
    """The seconds of each script run of this server, in order, kept in a JSON file."""

    def __init__(self, path: Path):
        self.path = path
        self.runs: list[float] = []
        self._lock = threading.Lock()

    def add(self, seconds: float) -> None:
        with self._lock:
            self.runs.append(seconds)
            text = json.dumps({"runs": self.runs})
            part = self.path.with_name(self.path.name + ".part")
            part.write_text(text, encoding="utf-8")
            part.replace(self.path)  # a reader never sees half a file


def read_runs(path: Path) -> list[float]:
    """The script runs written so far (none when the file is not there yet)."""
    try:
        return list(json.loads(path.read_text(encoding="utf-8"))["runs"])
    except (OSError, ValueError, KeyError):
        return []


def install(log: RunLog, runner: type | None = None) -> None:
    """Time every script run of this process into `log`: from the run's start to its end
    being announced (`_on_script_finished`), which is when the page learns it is done.
    Streamlit's collection of garbage after the run comes later and is left out.
    `runner` is the ScriptRunner class to patch (AppTest has its own)."""
    if runner is None:
        from streamlit.runtime.scriptrunner.script_runner import ScriptRunner as runner

    run_script, finished = runner._run_script, runner._on_script_finished
    started = threading.local()

    def timed(self, rerun_data):
        started.at = time.perf_counter()
        return run_script(self, rerun_data)

    def announced(self, *args, **kwargs):
        now = time.perf_counter()
        log.add(now - getattr(started, "at", now))
        started.at = now  # `_run_script` may run the script again in its loop
        return finished(self, *args, **kwargs)

    runner._run_script = timed
    runner._on_script_finished = announced


def main() -> None:
    path = os.environ.get(RUNS_FILE)
    if path:
        install(RunLog(Path(path)))
    from streamlit.web.cli import main as streamlit_main

    # As `python -m streamlit`: the server sees the same command line.
    streamlit_main(prog_name="streamlit")


if __name__ == "__main__":
    main()
