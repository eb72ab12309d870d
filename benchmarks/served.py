"""`python -m benchmarks.served run <script> [options]`: `python -m streamlit run ...`, with
each script run timed from its start until its end is announced (Streamlit's garbage
collection after it left out), the list of seconds written as JSON to $BENCHMARK_RUNS_FILE
after each run. The browser benchmark reads it around each click."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

RUNS_FILE = "BENCHMARK_RUNS_FILE"


class RunLog:
    """The seconds of each script run, in order, kept in a JSON file (replaced whole)."""

    def __init__(self, path: Path):
        self.path, self.runs, self._lock = path, [], threading.Lock()

    def add(self, seconds: float) -> None:
        with self._lock:
            self.runs.append(seconds)
            part = self.path.with_name(self.path.name + ".part")
            part.write_text(json.dumps({"runs": self.runs}), encoding="utf-8")
            part.replace(self.path)  # a reader never sees half a file


def read_runs(path: Path) -> list[float]:
    """The runs written so far (none before the first)."""
    try:
        return list(json.loads(path.read_text(encoding="utf-8"))["runs"])
    except (OSError, ValueError, KeyError):
        return []


def install(log: RunLog, runner: type | None = None) -> None:
    """Time every script run of this process into `log`; `runner` is the ScriptRunner
    class to patch (AppTest has its own)."""
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

    runner._run_script, runner._on_script_finished = timed, announced


if __name__ == "__main__":
    if path := os.environ.get(RUNS_FILE):
        install(RunLog(Path(path)))
    from streamlit.web.cli import main

    main(prog_name="streamlit")  # as `python -m streamlit`: the same command line
