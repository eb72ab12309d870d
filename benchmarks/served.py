"""`python -m benchmarks.served run <script> [options]`: `python -m streamlit run ...`, with
each script run timed from its start until its end is announced (Streamlit's garbage
collection after it left out), its seconds appended as a line to $BENCHMARK_RUNS_FILE. The
browser benchmark reads them around each click."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

RUNS_FILE = "BENCHMARK_RUNS_FILE"


def read_runs(path: Path) -> list[float]:
    """The runs written so far (none before the first); a line not yet ended is not read."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    except OSError:
        return []
    return [float(line) for line in lines if line.endswith("\n")]


def install(path: Path, runner: type | None = None) -> None:
    """Time every script run of this process into `path`; `runner` is the ScriptRunner
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
        with path.open("a", encoding="utf-8") as runs:  # a short line is appended in one write
            runs.write(f"{now - getattr(started, 'at', now)!r}\n")
        started.at = now  # `_run_script` may run the script again in its loop
        return finished(self, *args, **kwargs)

    runner._run_script, runner._on_script_finished = timed, announced


if __name__ == "__main__":
    if path := os.environ.get(RUNS_FILE):
        install(Path(path))
    from streamlit.web.cli import main

    main(prog_name="streamlit")  # as `python -m streamlit`: the same command line
