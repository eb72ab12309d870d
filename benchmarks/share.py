"""How much of a warm rerun is Streamlit's own work: a sampling profile of the script thread.

A rerun's script runs in a thread of its own (`LocalScriptRunner._run_script_thread`).
While `sampled()` is on, that thread is timed and a sampler thread looks at its stack
every `INTERVAL` seconds. Each sample is put in one of three kinds, by the innermost frame
of the project (app.py, pages/, src/) on the stack and what it called:

- `streamlit`: the project called a Streamlit function and the sample is inside it (an
  element being built, a widget registered, a message queued, the page run by
  `st.navigation` before the page's own code);
- `cache`: the project called Streamlit's cache (`st.cache_data`, `st.cache_resource`) and
  the sample is in its lookup (hashing the arguments, finding the value);
- `project`: the project's own work, with whatever it calls that is not Streamlit
  (pandas, plotly figures built by the project, the standard library);
- `runner`: no project frame yet or any more: Streamlit starting or ending the run.

A rerun with the project's work and its cache lookups taken away would still take the
rest: that is the bound a page's rerun sits on (`bound`). Sampling, unlike a tracing profiler, adds no cost per
call, so Streamlit's many small calls are not inflated against the project's few large
ones. The interpreter's switch interval is lowered while sampling so the sampler gets its
turn at the interval it asks for.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The project's code: what the page does itself.
PROJECT = tuple(str(ROOT / part) for part in ("app.py", "pages", "src"))
STREAMLIT = "/streamlit/"
CACHE = "/streamlit/runtime/caching/"
INTERVAL = 0.0005


def _kind(frame) -> str | None:
    """`streamlit`, `project` or `runner` for a stack whose innermost frame is `frame`;
    None when the stack cannot be read (another thread's frame, read while that thread
    leaves it, is once something else: the sample is skipped)."""
    inner_file = None  # the file of the frame the innermost project frame called
    while frame is not None:
        file = getattr(getattr(frame, "f_code", None), "co_filename", None)
        if not isinstance(file, str):
            return None
        if file.startswith(PROJECT):
            if inner_file is not None and CACHE in inner_file:
                return "cache"
            if inner_file is not None and STREAMLIT in inner_file:
                return "streamlit"
            return "project"
        inner_file = file
        frame = getattr(frame, "f_back", None)
    return "runner"


class Sampler:
    """Counts the kinds of the script thread's samples, and its time, over many reruns."""

    def __init__(self) -> None:
        self.counts = {"streamlit": 0, "cache": 0, "project": 0, "runner": 0}
        self.skipped = 0  # samples whose stack could not be read
        self.script_seconds = 0.0
        self.runs = 0
        self._thread_id: int | None = None
        self._stop = threading.Event()

    def _sample(self) -> None:
        while not self._stop.is_set():
            ident = self._thread_id
            if ident is not None:
                frame = sys._current_frames().get(ident)
                kind = _kind(frame) if frame is not None else None
                if kind is not None:
                    self.counts[kind] += 1
                elif frame is not None:
                    self.skipped += 1
            time.sleep(INTERVAL)

    def shares(self) -> dict[str, float]:
        total = sum(self.counts.values()) or 1
        return {kind: n / total for kind, n in self.counts.items()}

    def summary(self) -> dict:
        return {
            "counts": dict(self.counts),
            "skipped": self.skipped,
            "shares": self.shares(),
            "runs": self.runs,
            "script_seconds": self.script_seconds / (self.runs or 1),
        }


def sampled(run, runs: int) -> dict:
    """Call `run()` (one AppTest rerun) `runs` times with the script thread sampled."""
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    sampler = Sampler()
    original = LocalScriptRunner._run_script_thread

    def timed(self):
        sampler._thread_id = threading.get_ident()
        start = time.perf_counter()
        try:
            return original(self)
        finally:
            sampler.script_seconds += time.perf_counter() - start
            sampler._thread_id = None

    switch = sys.getswitchinterval()
    LocalScriptRunner._run_script_thread = timed
    sys.setswitchinterval(INTERVAL / 5)
    thread = threading.Thread(target=sampler._sample, name="share-sampler", daemon=True)
    thread.start()
    try:
        for _ in range(runs):
            run()
            sampler.runs += 1
    finally:
        sampler._stop.set()
        thread.join()
        sys.setswitchinterval(switch)
        LocalScriptRunner._run_script_thread = original
    return sampler.summary()


def bound(warm: float, share: dict) -> float:
    """The warm rerun less what the project could remove: its own work and its cache
    lookups, as shares of the whole rerun. The shares are of the script thread's time,
    which is less than the rerun's (AppTest's own work is outside it), so this takes
    away more than the project's work and errs low: the bound is at least this."""
    shares = share["shares"]
    return warm * (1.0 - shares["project"] - shares["cache"])
