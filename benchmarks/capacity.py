"""How many readers one server carries: `python -m benchmarks.capacity [--sessions 10,50,200]
[--reruns 5] [--data FOLDER] [--limit 1200] [--no-write] [--out docs/capacity.md]`.

A load test at the protocol level, run by locust: for each level, N users at once, each a
reader without a browser, speaking Streamlit's protobuf messages over a WebSocket to its own
`streamlit run app.py` on a loopback port (the method is in docs/capacity.md). Beside
locust's users: the server's CPU and memory from /proc (Linux only). Bounded: loopback
only, at most 500 users, a timeout per rerun, `--limit` seconds for the whole run. The
doc's blocks are templates/capacity.md.j2.
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DAY_LABEL, MAX_SESSIONS = "Day", 500
THINK_S, RERUN_TIMEOUT_S = (0.5, 1.5), 120  # a reader's wait before each click; a rerun's longest
DISCONNECTED_TTL_S, SETTLE_S = 3, 8  # the server drops a closed session after 3 s


def rerun_message(widgets: dict[str, list[str]] | None = None, page_hash: str = "") -> bytes:
    """A BackMsg asking for a rerun with these pills' states (their options' labels)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    msg.rerun_script.query_string, msg.rerun_script.page_script_hash = "", page_hash
    for widget_id, values in (widgets or {}).items():
        widget = msg.rerun_script.widget_states.widgets.add()
        widget.id = widget_id
        widget.string_array_value.data.extend(values)
    return msg.SerializeToString()


@dataclass
class RunSeen:
    """What one script run sent: how it ended, its pill groups (label: id, options), any
    exception shown, and the page it ran."""

    finished: str | None = None
    pills: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    exceptions: list[str] = field(default_factory=list)
    page_hash: str = ""

    def error(self) -> str | None:
        if self.finished != "FINISHED_SUCCESSFULLY":
            return f"run ended {self.finished}"
        return f"exception on the page: {self.exceptions[0]}" if self.exceptions else None


def read_forward(data: bytes, seen: RunSeen) -> bool:
    """Take one ForwardMsg into `seen`; True when it ends the run."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    msg.ParseFromString(data)
    kind = msg.WhichOneof("type")
    element = msg.delta.new_element if kind == "delta" else None
    if kind == "new_session":
        seen.page_hash = msg.new_session.page_script_hash
    elif element is not None and element.WhichOneof("type") == "button_group":
        group = element.button_group
        seen.pills[group.label] = (group.id, [o.content for o in group.options])
    elif element is not None and element.WhichOneof("type") == "exception":
        seen.exceptions.append(element.exception.message[:200])
    elif kind == "script_finished":
        seen.finished = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
    return kind == "script_finished"


def percentile(samples: list[float], q: float) -> float | None:
    """The q-th percentile (0-100) by the nearest-rank method; None for no samples."""
    return sorted(samples)[max(1, math.ceil(q / 100 * len(samples))) - 1] if samples else None


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def status_mb(pid: int, key: str = "VmRSS") -> float | None:
    """A memory line of /proc/<pid>/status (VmRSS now, VmHWM the peak), in MB."""
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return next((int(x.split()[1]) / 1024 for x in lines if x.startswith(f"{key}:")), None)


@dataclass
class Level:
    sessions: int
    first_pages: list[float] = field(default_factory=list)
    reruns: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    clicks: list[tuple[float, float]] = field(default_factory=list)  # each rerun's start, end
    cpu_mean: float = 0.0
    cpu_peak: float = 0.0
    rss_before: float = 0.0
    rss_open: float = 0.0
    rss_after: float = 0.0
    stopped: bool = False
    load_average: float | None = None
    opened: int = 0  # users with a first page, or an error instead
    sockets: list = field(default_factory=list, repr=False)

    @property
    def wall(self) -> float:  # from the first click to the last rerun's end
        return max(e for _, e in self.clicks) - min(s for s, _ in self.clicks) if self.clicks else 0.0

    @property
    def per_session_mb(self) -> float:
        return (self.rss_open - self.rss_before) / self.sessions

    @property
    def returned(self) -> float | None:  # the share of the growth given back after closing
        grown = self.rss_open - self.rss_before
        return None if grown <= 0 else (self.rss_open - self.rss_after) / grown


def reader(url: str, level: Level, reruns: int, think, timeout: float, deadline: float):
    """The locust user of a level: it connects, opens the first page, waits until every
    user has one, then clicks a Day pill `reruns` times (another day each time), a think
    time before each. Its socket stays open until the level has read the server's memory."""
    import websocket
    from gevent.event import Event
    from locust import User, between, task
    from locust.exception import StopUser

    all_open = Event()

    class Reader(User):
        wait_time = between(*think)

        def send(self, name: str, widgets=None) -> str | None:
            """One run, from the BackMsg to its `script_finished`, fired as a request."""
            seen, start, error = RunSeen(), time.perf_counter(), None
            try:
                self.ws.send_binary(rerun_message(widgets, self.page_hash))
                while not read_forward(self.ws.recv(), seen) or seen.finished == "FINISHED_EARLY_FOR_RERUN":
                    if time.perf_counter() - start > timeout:
                        raise TimeoutError
                error = seen.error()
            except (TimeoutError, websocket.WebSocketTimeoutException):
                error = "timeout"
            except Exception as err:  # refused, closed: an error of the level
                error = f"{type(err).__name__}: {str(err)[:120]}"
            self.page_hash, self.seen = seen.page_hash or self.page_hash, seen
            self.environment.events.request.fire(
                request_type="WS", name=name, response_time=(time.perf_counter() - start) * 1000, start=start,
                response_length=0, exception=RuntimeError(error) if error else None)  # fmt: skip
            return error

        def on_start(self):
            self.page_hash, self.pills, self.done = "", None, 0
            try:
                self.ws = websocket.create_connection(url, subprotocols=["streamlit"], timeout=timeout)
                level.sockets.append(self.ws)
                if not self.send("first page"):
                    self.pills = self.seen.pills.get(DAY_LABEL)
                    if self.pills is None:
                        level.errors.append(f"no {DAY_LABEL} pills on the first page")
            except Exception as err:
                level.errors.append(f"{type(err).__name__}: {str(err)[:120]}")
            level.opened += 1
            if level.opened == level.sessions:
                all_open.set()
            all_open.wait()  # the clicks start together
            self.wait()

        @task
        def click(self):
            """A click; the user stops right after its last (no idle wait in the level)."""
            if self.pills is None:
                raise StopUser
            if time.monotonic() > deadline:
                level.errors.append("stopped: time limit")
                raise StopUser
            pill_id, days = self.pills
            day = days[(self.environment.rng.randrange(len(days)) + self.done) % len(days)]
            self.done += 1
            error = self.send("rerun", {pill_id: [day]})
            if self.done == reruns or error == "timeout" or not self.ws.connected:
                raise StopUser

    return Reader


def run_level(url: str, pid: int, n: int, reruns: int, think, timeout: float, deadline: float) -> Level:
    """N users at once: all open the first page, then all click, then all close."""
    import gevent
    from locust.env import Environment
    from locust.event import Events

    level = Level(sessions=n, load_average=os.getloadavg()[0], rss_before=status_mb(pid))
    environment = Environment(events=Events(), user_classes=[reader(url, level, reruns, think, timeout, deadline)])
    environment.rng = random.Random(0)  # the days clicked, the same in every run

    def request(name, response_time, exception, start, **_):
        if exception is not None:
            level.errors.append(str(exception))
        elif name == "first page":
            level.first_pages.append(response_time / 1000)
        else:
            level.reruns.append(response_time / 1000)
            level.clicks.append((start, start + response_time / 1000))

    def sample_cpu(samples: list, last: tuple[float, float]):
        while True:
            gevent.sleep(1.0)
            now = (cpu_seconds(pid), time.perf_counter())
            samples.append((now[0] - last[0]) / (now[1] - last[1]))
            last = now

    environment.events.request.add_listener(request)
    runner, samples, started = environment.create_local_runner(), [], (cpu_seconds(pid), time.perf_counter())
    sampler = gevent.spawn(sample_cpu, samples, started)
    logging.getLogger("locust.runners").setLevel(logging.ERROR)  # "spawn rate very high": meant so
    runner.start(n, spawn_rate=10_000)  # every user at once
    runner.spawning_greenlet.join()
    while runner.user_count and time.monotonic() < deadline + timeout:
        gevent.sleep(0.1)
    level.stopped = time.monotonic() > deadline
    level.cpu_mean = (cpu_seconds(pid) - started[0]) / (time.perf_counter() - started[1])
    level.cpu_peak, level.rss_open = max(samples, default=level.cpu_mean), status_mb(pid)
    sampler.kill()
    runner.quit()
    for socket in level.sockets:
        socket.close()
    level.sockets.clear()
    gevent.sleep(DISCONNECTED_TTL_S + SETTLE_S)
    level.rss_after = status_mb(pid)
    return level


def ms(value: float | None) -> str:
    return "–" if value is None else f"{value * 1000:,.0f} ms"


def median(samples: list[float]) -> float | None:
    return statistics.median(samples) if samples else None


def level_row(level: Level, reruns_asked: int) -> list[str]:
    """The level's cells in the table's order (templates/capacity.md.j2)."""
    done, errors, returned = len(level.reruns), level.errors, level.returned
    common = max(set(errors), key=errors.count) if errors else ""
    return [
        f"{level.sessions}",
        f"{ms(median(level.first_pages))} / {ms(percentile(level.first_pages, 95))}",
        f"{ms(median(level.reruns))} / {ms(percentile(level.reruns, 95))}",
        f"{done} of {level.sessions * reruns_asked}" + (" (time limit)" if level.stopped else ""),
        f"{len(errors)}" + (f": {errors.count(common)}× {common}".replace("|", "/") if errors else ""),
        f"{done / level.wall:.1f}" if level.wall > 0 and done else "–",
        f"{level.cpu_mean * 100:.0f} % / {level.cpu_peak * 100:.0f} %",
        f"{level.rss_before:,.0f} → {level.rss_open:,.0f} MB",
        f"{level.per_session_mb:.2f} MB",
        f"{level.rss_after:,.0f} MB"
        + ("" if returned is None else f" ({max(returned, 0) * 100:.0f} % of the growth returned)"),
    ]


def doc_blocks(levels: list[Level], names: list[str], **run) -> dict[str, str]:
    """The doc's blocks `names` (templates/capacity.md.j2) from the levels measured and the
    run's `command`, `data`, `elapsed` and `reruns`."""
    from .report import blocks, machine_context

    base, per = min(lv.rss_before for lv in levels), max(lv.per_session_mb for lv in levels)
    kept = sorted(max(lv.returned, 0) * 100 for lv in levels if lv.returned is not None)
    low, high = (f"{kept[0]:.0f} %", f"{kept[-1]:.0f} %") if kept else ("", "")
    return blocks(
        "capacity.md.j2", names, levels=levels, rows=[level_row(lv, run["reruns"]) for lv in levels],
        base=base, per=per, fits=int(max(2.7 * 1024 - base, 0) / per) if per > 0 else None,  # Cloud's 2.7 GB
        returned=low if low == high else f"{low} to {high}", percentile=percentile, median=median, ms=ms,
        cores=os.cpu_count(), think=THINK_S, timeout=RERUN_TIMEOUT_S, ttl=DISCONNECTED_TTL_S, settle=SETTLE_S,
        **(machine_context() if "machine" in names else {}), **run)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="python -m benchmarks.capacity", description=__doc__.split("\n\n")[1])
    parser.add_argument("--sessions", default="10,50,200", help="levels, comma-separated")
    parser.add_argument("--reruns", type=int, default=5, help="filter clicks per session")
    parser.add_argument("--limit", type=float, default=1200.0, help="seconds for the whole run")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="data folder")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "capacity.md")
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    args = parser.parse_args(argv)
    levels = [int(x) for x in args.sessions.split(",") if x.strip()]
    if not levels or min(levels) < 1 or max(levels) > MAX_SESSIONS or args.reruns < 1:
        parser.error(f"--sessions: counts from 1 to {MAX_SESSIONS}; --reruns: at least 1")
    from gevent import monkey

    monkey.patch_all()  # locust's users are greenlets: before the server's modules load
    from tests.harness import StreamlitServer

    from .report import write_blocks

    work, started, done = Path(tempfile.mkdtemp(prefix="dashboard-capacity-")), time.perf_counter(), []
    env = {**os.environ, "DASHBOARD_DATA_DIR": str(args.data), "DASHBOARD_MAP_TILES": "offline",
           "DASHBOARD_CACHE_DIR": str(work / "copies"),
           "STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(DISCONNECTED_TTL_S)}  # fmt: skip
    deadline = time.monotonic() + args.limit
    with StreamlitServer(ROOT / "app.py", cwd=ROOT, env=env, log_path=work / "server.log") as server:
        url = f"ws://127.0.0.1:{server.port}/_stcore/stream"
        run_level(url, server.pid, 1, 1, (0, 0), 600.0, deadline)  # loads the data
        for n in levels:
            if time.monotonic() < deadline:
                done.append(run_level(url, server.pid, n, args.reruns, THINK_S, RERUN_TIMEOUT_S, deadline))
                print(f"[capacity] {n} sessions: {level_row(done[-1], args.reruns)}", file=sys.stderr, flush=True)
    if not done:
        parser.exit(1, "no level was measured before the time limit\n")
    names = ["results"] if args.no_write else ["run", "machine", "results", "meaning"]
    made = doc_blocks(done, names, command=" ".join(["python -m benchmarks.capacity", *argv]), data=args.data,
                      elapsed=time.perf_counter() - started, reruns=args.reruns)  # fmt: skip
    print(made["results"])
    if not args.no_write:
        write_blocks(args.out, made)
    return 0


if __name__ == "__main__":
    sys.exit(main())
