"""How many readers one server carries: a load test at the protocol level.

    python -m benchmarks.capacity [--sessions 10,50,200] [--reruns 5] [--data FOLDER]
                                  [--think 0.5-1.5] [--limit 900] [--out docs/capacity.md]

It starts its own `streamlit run app.py` on a free loopback port (`harness.StreamlitServer`)
and opens N sessions at once the way a browser does, without a browser: a WebSocket to
`/_stcore/stream` speaking Streamlit's own protobuf messages. Each session asks for the
first page (a `rerun_script` BackMsg), reads the widget ids from the elements the server
sends, then makes `--reruns` filter clicks: a rerun with the Day pills' state changed (a
different day each time, as a reader's click on a pill sends it), waiting a think time
between them. A rerun's latency runs from sending the BackMsg to the ForwardMsg
`script_finished`. Errors: a session that cannot connect, a rerun not finished within
`--rerun-timeout` seconds, a run that does not finish successfully, an exception shown on
the page, a connection closed by the server.

For each N it records the latency of the first page and of the reruns (median, p95), the
errors, the reruns served per second, the server's CPU (from /proc: the share of one core,
mean over the phase and the highest 1-second sample) and its resident memory before, with
the N sessions open, and after they close (the server drops a closed session after
`server.disconnectedSessionTTL`, set here to a few seconds; Streamlit's default is 120 s).

Bounded: loopback only, at most `--max-sessions` sessions, a fixed number of reruns per
session, a timeout per rerun, and `--limit` seconds for the whole run, after which it stops
what is left and reports it. Linux only (it reads /proc). The table goes to stdout and
into `--out`.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.harness import StreamlitServer

from .measure import ROOT

STREAM_PATH = "/_stcore/stream"
SUBPROTOCOL = "streamlit"
DAY_LABEL = "Day"  # the pill group a session clicks (the sidebar's first filter)
DISCONNECTED_TTL_S = 3  # how long the server keeps a closed session (Streamlit: 120 s)
SETTLE_S = 8.0  # after closing the sessions, before reading the memory again
MAX_SESSIONS = 500


# ---------------------------------------------------------------------------------------
# Messages (pure: no network)


def rerun_message(
    widgets: dict[str, list[str]] | None = None, query_string: str = "", page_hash: str = ""
) -> bytes:
    """A serialized BackMsg asking for a rerun, with these multi-select widget states
    (`string_array_value`, what pills and multiselects send: their options' labels)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = query_string
    state.page_script_hash = page_hash
    for widget_id, values in (widgets or {}).items():
        widget = state.widget_states.widgets.add()
        widget.id = widget_id
        widget.string_array_value.data.extend(values)
    return msg.SerializeToString()


@dataclass
class RunSeen:
    """What one script run sent: how it ended, the pill groups it drew, any exception."""

    finished: str | None = None  # ScriptFinishedStatus name
    pills: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # label -> id, options
    exceptions: list[str] = field(default_factory=list)
    messages: int = 0
    page_hash: str = ""


def read_forward(data: bytes, seen: RunSeen) -> bool:
    """Take one ForwardMsg into `seen`; True when it ends the run."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    msg.ParseFromString(data)
    seen.messages += 1
    kind = msg.WhichOneof("type")
    if kind == "new_session":
        seen.page_hash = msg.new_session.page_script_hash
    elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
        element = msg.delta.new_element
        which = element.WhichOneof("type")
        if which == "button_group":
            group = element.button_group
            seen.pills[group.label] = (group.id, [o.content for o in group.options])
        elif which == "exception":
            seen.exceptions.append(element.exception.message[:200])
    elif kind == "script_finished":
        seen.finished = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
        return True
    return False


def percentile(samples: list[float], q: float) -> float | None:
    """The q-th percentile (0-100) by the nearest-rank method; None for no samples."""
    if not samples:
        return None
    ordered = sorted(samples)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


# ---------------------------------------------------------------------------------------
# The server process, from /proc


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, in seconds (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime


def rss_mb(pid: int) -> float:
    """Resident memory of a process now (VmRSS), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class CpuSampler:
    """The server's CPU use while a phase runs: sampled every second in the event loop."""

    def __init__(self, pid: int):
        self.pid = pid
        self.samples: list[float] = []  # share of one core, per second
        self._task: asyncio.Task | None = None
        self.start_cpu = self.start_wall = 0.0
        self.mean = 0.0

    async def _run(self) -> None:
        last_cpu, last_wall = cpu_seconds(self.pid), time.perf_counter()
        while True:
            await asyncio.sleep(1.0)
            cpu, wall = cpu_seconds(self.pid), time.perf_counter()
            self.samples.append((cpu - last_cpu) / (wall - last_wall))
            last_cpu, last_wall = cpu, wall

    def start(self) -> None:
        self.start_cpu, self.start_wall = cpu_seconds(self.pid), time.perf_counter()
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        wall = time.perf_counter() - self.start_wall
        self.mean = (cpu_seconds(self.pid) - self.start_cpu) / wall if wall > 0 else 0.0
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass


# ---------------------------------------------------------------------------------------
# Sessions


@dataclass
class SessionResult:
    first_page: float | None = None
    reruns: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Session:
    """One reader: a WebSocket speaking Streamlit's protocol."""

    def __init__(self, url: str, rerun_timeout: float):
        self.url = url
        self.rerun_timeout = rerun_timeout
        self.ws = None
        self.page_hash = ""

    async def connect(self) -> None:
        import websockets

        self.ws = await websockets.connect(
            self.url,
            subprotocols=[SUBPROTOCOL],
            max_size=None,
            open_timeout=self.rerun_timeout,
            ping_interval=None,
        )

    async def run(self, widgets: dict[str, list[str]] | None = None) -> tuple[float, RunSeen]:
        """Send a rerun and read until its `script_finished`; the seconds it took."""
        seen = RunSeen()
        start = time.perf_counter()
        await self.ws.send(rerun_message(widgets, page_hash=self.page_hash))

        async def until_finished() -> None:
            while True:
                data = await self.ws.recv()
                if isinstance(data, bytes) and read_forward(data, seen):
                    # A run replaced by a newer one ends early; wait for the newer one.
                    if seen.finished != "FINISHED_EARLY_FOR_RERUN":
                        return

        await asyncio.wait_for(until_finished(), self.rerun_timeout)
        if seen.page_hash:
            self.page_hash = seen.page_hash
        return time.perf_counter() - start, seen

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


def _run_error(seen: RunSeen) -> str | None:
    if seen.finished != "FINISHED_SUCCESSFULLY":
        return f"run ended {seen.finished}"
    if seen.exceptions:
        return f"exception on the page: {seen.exceptions[0]}"
    return None


async def first_page(session: Session, result: SessionResult) -> tuple[str, list[str]] | None:
    """Connect and open the first page; the Day pills' id and options, or None (an error)."""
    try:
        await session.connect()
        elapsed, seen = await session.run()
    except TimeoutError:
        result.errors.append("timeout")
        return None
    except Exception as err:  # refused, closed: an error of the level, not a crash
        result.errors.append(f"{type(err).__name__}: {str(err)[:120]}")
        return None
    result.first_page = elapsed
    if error := _run_error(seen):
        result.errors.append(error)
        return None
    if DAY_LABEL not in seen.pills:
        result.errors.append(f"no {DAY_LABEL} pills on the first page")
        return None
    return seen.pills[DAY_LABEL]


async def clicks(
    session: Session,
    pills: tuple[str, list[str]],
    result: SessionResult,
    reruns: int,
    think: tuple[float, float],
    rng: random.Random,
    deadline: float,
) -> None:
    """Click a Day pill `reruns` times (another day each time), a think time before each."""
    pill_id, days = pills
    try:
        for i in range(reruns):
            if time.monotonic() > deadline:
                result.errors.append("stopped: time limit")
                return
            await asyncio.sleep(rng.uniform(*think))
            day = days[(rng.randrange(len(days)) + i) % len(days)]
            elapsed, seen = await session.run({pill_id: [day]})
            if error := _run_error(seen):
                result.errors.append(error)
            else:
                result.reruns.append(elapsed)
    except TimeoutError:
        result.errors.append("timeout")
    except Exception as err:
        result.errors.append(f"{type(err).__name__}: {str(err)[:120]}")


@dataclass
class Level:
    sessions: int
    first_pages: list[float]
    reruns: list[float]
    errors: list[str]
    wall: float  # seconds from the first click to the last rerun's end
    cpu_mean: float
    cpu_peak: float
    rss_before: float
    rss_open: float
    rss_after: float
    stopped: bool = False
    load_average: float | None = None  # of the machine (1 min) when the level started

    @property
    def per_session_mb(self) -> float:
        return (self.rss_open - self.rss_before) / self.sessions

    @property
    def returned(self) -> float | None:
        """The share of the growth given back after the sessions closed."""
        grown = self.rss_open - self.rss_before
        return None if grown <= 0 else (self.rss_open - self.rss_after) / grown


async def run_level(
    url: str, pid: int, n: int, reruns: int, think, timeout: float, deadline: float, seed: int
) -> Level:
    """N sessions at once: all open the first page, then all click, then all close."""
    load_average = os.getloadavg()[0]
    rss_before = rss_mb(pid)
    sessions = [Session(url, timeout) for _ in range(n)]
    results = [SessionResult() for _ in range(n)]
    sampler = CpuSampler(pid)
    sampler.start()
    pills = await asyncio.gather(
        *(first_page(s, r) for s, r in zip(sessions, results, strict=True))
    )
    started = time.perf_counter()
    await asyncio.gather(
        *(
            clicks(s, p, r, reruns, think, random.Random(seed * 100_003 + i), deadline)
            for i, (s, p, r) in enumerate(zip(sessions, pills, results, strict=True))
            if p is not None
        )
    )
    wall = time.perf_counter() - started
    await sampler.stop()
    rss_open = rss_mb(pid)
    await asyncio.gather(*(s.close() for s in sessions), return_exceptions=True)
    await asyncio.sleep(DISCONNECTED_TTL_S + SETTLE_S)
    return Level(
        sessions=n,
        first_pages=[r.first_page for r in results if r.first_page is not None],
        reruns=[x for r in results for x in r.reruns],
        errors=[e for r in results for e in r.errors],
        wall=wall,
        cpu_mean=sampler.mean,
        cpu_peak=max(sampler.samples, default=sampler.mean),
        rss_before=rss_before,
        rss_open=rss_open,
        rss_after=rss_mb(pid),
        stopped=time.monotonic() > deadline,
        load_average=load_average,
    )


# ---------------------------------------------------------------------------------------
# The report


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value * 1000:,.0f} ms"


def level_row(level: Level, reruns_asked: int) -> list[str]:
    asked = level.sessions * reruns_asked
    done = len(level.reruns)
    errors = len(level.errors)
    returned = level.returned
    return [
        f"{level.sessions}",
        f"{_ms(statistics.median(level.first_pages) if level.first_pages else None)} / "
        f"{_ms(percentile(level.first_pages, 95))}",
        f"{_ms(statistics.median(level.reruns) if level.reruns else None)} / "
        f"{_ms(percentile(level.reruns, 95))}",
        f"{done} of {asked}" + (" (time limit)" if level.stopped else ""),
        f"{errors}" + (f": {_common(level.errors)}" if errors else ""),
        f"{done / level.wall:.1f}" if level.wall > 0 and done else "–",
        f"{level.cpu_mean * 100:.0f} % / {level.cpu_peak * 100:.0f} %",
        f"{level.rss_before:,.0f} → {level.rss_open:,.0f} MB",
        f"{level.per_session_mb:.2f} MB",
        f"{level.rss_after:,.0f} MB"
        + ("" if returned is None else f" ({max(returned, 0) * 100:.0f} % of the growth returned)"),
    ]


def _common(errors: list[str]) -> str:
    counts: dict[str, int] = {}
    for error in errors:
        counts[error] = counts.get(error, 0) + 1
    text, count = max(counts.items(), key=lambda item: item[1])
    return f"{count}× {text}".replace("|", "/")


HEADER = [
    "Sessions",
    "First page, median / p95",
    "Rerun after a filter click, median / p95",
    "Reruns done",
    "Errors",
    "Reruns per second",
    "Server CPU, mean / peak (100 % = one core)",
    "Server memory, before → with the sessions open",
    "Memory per session",
    "Server memory after they closed",
]


def render_table(levels: list[Level], reruns: int) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join("---" for _ in HEADER) + "|"]
    lines += ["| " + " | ".join(level_row(level, reruns)) + " |" for level in levels]
    return "\n".join(lines) + "\n"


#: Streamlit Community Cloud's resource limits, as its documentation gives them ("as of
#: February 2024, approximately"; they may change without notice).
CLOUD_LIMITS = "CPU 0.078 cores minimum, 2 cores maximum; memory 690 MB minimum, 2.7 GB maximum"
CLOUD_MEMORY_MB = 2.7 * 1024
SLOW_S = 1.0  # a rerun slower than this reads as a stalled page


def _median(samples: list[float]) -> float | None:
    return statistics.median(samples) if samples else None


def meaning(levels: list[Level], think: tuple[float, float]) -> list[str]:
    """What the table says, in sentences computed from it (no figure is typed in)."""
    if not levels:
        return ["No level was measured."]
    lines = []
    busiest = max(levels, key=lambda lv: lv.cpu_mean)
    lines.append(
        f"- CPU: one server process runs every reader's script in one Python interpreter, so "
        f"its reruns share about one core. The busiest level used {busiest.cpu_mean * 100:.0f} % "
        f"of one core on average ({busiest.sessions} sessions, peak "
        f"{busiest.cpu_peak * 100:.0f} %); past one core, reruns queue and latency grows "
        "with the number of readers instead."
    )
    for level in levels:
        p95 = percentile(level.reruns, 95)
        verdict = (
            "no rerun finished in time"
            if p95 is None
            else (
                f"within {SLOW_S:g} s at the 95th percentile"
                if p95 <= SLOW_S
                else f"slower than {SLOW_S:g} s at the 95th percentile"
            )
        )
        lines.append(
            f"- {level.sessions} readers each clicking a filter every "
            f"{think[0]:g}–{think[1]:g} s: median {_ms(_median(level.reruns))}, p95 {_ms(p95)} "
            f"({verdict}); {len(level.errors)} errors."
        )
    biggest = max(levels, key=lambda lv: lv.sessions)
    per = max(lv.per_session_mb for lv in levels)
    base = min(lv.rss_before for lv in levels)
    fits = int(max(CLOUD_MEMORY_MB - base, 0) / per) if per > 0 else None
    lines.append(
        f"- Memory: the server held {base:,.0f} MB with the data loaded and no reader, and "
        f"at most {per:.2f} MB more per open session ({biggest.rss_open:,.0f} MB with "
        f"{biggest.sessions} open). "
        + (
            f"By memory alone, {fits:,} sessions would fit in Community Cloud's 2.7 GB; "
            "CPU runs out long before that."
            if fits
            else "Memory did not grow measurably with the sessions."
        )
    )
    returned = [lv.returned for lv in levels if lv.returned is not None]
    if returned:
        low, high = (max(min(returned), 0) * 100, max(max(returned), 0) * 100)
        share = f"{low:.0f} %" if round(low) == round(high) else f"{low:.0f} % to {high:.0f} %"
        lines.append(
            f"- After the sessions closed, the server's resident memory fell by {share} of "
            "what they had added: CPython keeps memory it has freed for reuse rather than "
            "returning it to the system; the next level's 'before' shows what it started from."
        )
    return lines


def compose(table: str, levels: list[Level], args, info: dict, argv) -> str:
    from .report import machine, machine_markdown

    low, high = args.think
    command = "python -m benchmarks.capacity" + (" " + " ".join(argv) if argv else "")
    parts = [
        "# Capacity of one server\n",
        "Written by `benchmarks/capacity.py` (do not edit by hand; rerun to update). How many "
        "readers one `streamlit run app.py` process carries: a load test at the protocol "
        "level, with no browser.\n",
        f"Command: `{command}`  \nData: `{Path(info['folder']).name}/` "
        f"({info['folder']}); the whole run took {info['elapsed'] / 60:.1f} min. Load "
        "average (1 min) of the machine when each level started: "
        + ", ".join(
            f"{lv.sessions} sessions {lv.load_average:.2f}"
            for lv in levels
            if lv.load_average is not None
        )
        + f"; other work on the machine shares its {os.cpu_count()} cores with the server and "
        "the client.\n",
        "## Machine\n",
        machine_markdown(machine()),
        "## Results\n",
        table,
        f"""How it was measured. The command starts its own server on a free loopback port and
opens N sessions at once as a browser would, without one: a WebSocket to
`{STREAM_PATH}` speaking Streamlit's protobuf messages (`BackMsg`, `ForwardMsg`). Each
session opens the first page (the Overview: the route map, the itinerary, the figures), reads
the Day pills' widget id and options from the elements the server sent, then clicks a Day
pill {args.reruns} times (another day each time: a rerun with that widget's state
changed, as the browser sends it), waiting {low:g}–{high:g} s before each click. Latency:
from sending the rerun to the server's `script_finished`. The clicks of all sessions start
together once every session has its first page. *Reruns per second*: reruns done ÷ the
time from the first click to the last rerun's end. A session whose rerun takes longer than
{args.rerun_timeout:g} s counts a timeout and stops. CPU: the server process's user + system
time from /proc, as a share of one core (mean over the level, and the busiest second).
Memory: the server's resident set (VmRSS) before the sessions connect, after their last
rerun, and {DISCONNECTED_TTL_S + SETTLE_S:g} s after they closed (the server is started
with `server.disconnectedSessionTTL` = {DISCONNECTED_TTL_S} s, so that a closed session is
dropped within the test; Streamlit's default keeps it 120 s for a reconnect). The client runs
on the same machine and takes CPU of its own.
""",
        "## What it means\n",
        "\n".join(meaning(levels, args.think)) + "\n",
        f"""Streamlit Community Cloud gives one app one container ({CLOUD_LIMITS}, per its
documentation as of February 2024, which says they may change without notice) and restarts
an app after inactivity: the first reader after a restart waits for the cold start (see
[benchmarks.md](benchmarks.md); with unchanged files the app reads its stored copy of the
checked tables instead of the CSV files). The figures above are for this 2-core machine;
Cloud's share of a core may be smaller, so treat them as an upper bound for one Cloud app.

## Serving more readers

- One process uses about one core for scripts: more readers than that core serves at an
  acceptable latency need more processes.
- Run several replicas of `streamlit run app.py` behind a load balancer **with sticky
  sessions** (affinity by cookie or client address): a Streamlit session lives in the memory
  of the process that opened it, and its WebSocket and any reconnect must reach that same
  process. Each replica loads the data once, from its own stored copy
  (`DASHBOARD_CACHE_DIR`, which replicas may share: a copy is written atomically under the
  hash of its inputs).
- Memory per replica is the base figure above plus the sessions it holds; CPU, not memory,
  sets how many readers one replica carries.
""",
        "## Running it\n",
        "```\n"
        "python -m benchmarks.capacity                      # 10, 50, 200 sessions; docs/capacity.md\n"
        "python -m benchmarks.capacity --sessions 5 --reruns 2 --no-write   # a quick check\n"
        "python -m benchmarks.capacity --data /tmp/dashboard-benchmarks/events-10000-visits-2-seed-0\n"
        "```\n",
        "Loopback only; at most 500 sessions; every rerun has a timeout and the whole run a time "
        "limit (`--limit`, 1200 s by default), after which it stops and reports what it measured.\n",
    ]
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------
# The command


def parse_think(text: str) -> tuple[float, float]:
    low, _, high = text.partition("-")
    pair = (float(low), float(high or low))
    if pair[0] < 0 or pair[1] < pair[0]:
        raise argparse.ArgumentTypeError(f"{text!r}: give seconds as LOW-HIGH, e.g. 0.5-1.5")
    return pair


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.capacity", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--sessions", default="10,50,200", help="levels, comma-separated")
    parser.add_argument("--reruns", type=int, default=5, help="filter clicks per session")
    parser.add_argument("--think", type=parse_think, default=(0.5, 1.5), help="seconds LOW-HIGH")
    parser.add_argument("--rerun-timeout", type=float, default=120.0)
    parser.add_argument("--limit", type=float, default=1200.0, help="seconds for the whole run")
    parser.add_argument("--max-sessions", type=int, default=MAX_SESSIONS)
    parser.add_argument("--data", type=Path, default=None, help="data folder (default data/)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "capacity.md")
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    return parser


def log(message: str) -> None:
    print(f"[capacity {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


async def _measure(server: StreamlitServer, args, levels: list[int]) -> list[Level]:
    url = f"ws://127.0.0.1:{server.port}{STREAM_PATH}"
    deadline = time.monotonic() + args.limit
    # Warm-up: the first session of the server loads the data.
    warm = await run_level(url, server.pid, 1, 1, (0.0, 0.0), 600.0, deadline, args.seed)
    log(f"warm-up: first page {_ms(warm.first_pages[0] if warm.first_pages else None)}")
    done = []
    for n in levels:
        if time.monotonic() > deadline:
            log(f"{n} sessions: not run (time limit)")
            break
        log(f"{n} sessions, {args.reruns} filter clicks each")
        level = await run_level(
            url, server.pid, n, args.reruns, args.think, args.rerun_timeout, deadline, args.seed
        )
        log(
            f"{n} sessions: rerun median {_ms(statistics.median(level.reruns) if level.reruns else None)}, "
            f"{len(level.errors)} errors, memory {level.rss_before:.0f} → {level.rss_open:.0f} "
            f"→ {level.rss_after:.0f} MB"
        )
        done.append(level)
    return done


def measure(args, levels: list[int]) -> tuple[list[Level], dict]:
    folder = args.data or ROOT / "data"
    work = Path(tempfile.mkdtemp(prefix="dashboard-capacity-"))
    env = dict(os.environ)
    env.update(
        {
            "DASHBOARD_DATA_DIR": str(folder),
            "DASHBOARD_MAP_TILES": "offline",
            "DASHBOARD_CACHE_DIR": str(work / "copies"),
            "STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(DISCONNECTED_TTL_S),
        }
    )
    server = StreamlitServer(ROOT / "app.py", cwd=ROOT, env=env, log_path=work / "server.log")
    started = time.perf_counter()
    with server:
        log(f"server on {server.url} (pid {server.pid}), data {folder}")
        results = asyncio.run(_measure(server, args, levels))
    info = {
        "folder": str(folder),
        "elapsed": time.perf_counter() - started,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    return results, info


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    levels = [int(x) for x in args.sessions.split(",") if x.strip()]
    if not levels or min(levels) < 1 or max(levels) > args.max_sessions:
        parser.error(f"--sessions: counts from 1 to {args.max_sessions}")
    if args.reruns < 1:
        parser.error("--reruns must be at least 1")
    results, info = measure(args, levels)
    table = render_table(results, args.reruns)
    print(table)
    if not args.no_write:
        args.out.write_text(compose(table, results, args, info, argv), encoding="utf-8")
        log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
