"""Readers carried by 1 and 2 replicas behind HAProxy, and a replica lost under load:
`python -m deploy.measure [--readers 25,50,75,100,150,200] [--reruns 5] [--lost-readers 40]
[--no-write]`.

Both parts run on loopback against `deploy.cluster.Cluster` (the deployment's HAProxy
rules). Replicas: for 1, then 2 replicas, each level of readers is the capacity load test's
own (`benchmarks.capacity.run_level`, locust users speaking Streamlit's protocol), sent to
HAProxy's address; beside it the CPU of every replica, of HAProxy and of this process (the
load generator) is read from /proc. Replica lost: readers that reconnect through HAProxy when
their page fails, as a browser does, click a filter while one replica is killed; what failed,
how long until each had a working page again, and when HAProxy took the replica out.

Writes the blocks `replicas-run`, `replicas` and `replica-lost` of docs/capacity.md.
Bounded: loopback only, fixed reader counts and durations, a timeout per rerun, `--limit`
seconds in all; every process started is stopped by its PID, on an error or Ctrl-C too.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "capacity.md"
VISIT = ROOT / "data" / "lee-china-2026"
TARGET_S = 1.0  # a rerun's p95 within this: the reader waits no longer than a second
STEADY_S, AFTER_S = 8.0, 20.0  # replica lost: load before the kill, and after it
RETRY_S = 0.25  # a reader whose page failed tries again this often
THINK_S = (0.5, 1.5)  # a reader's wait before each click, as in benchmarks.capacity


@dataclass
class Row:
    """One level of readers on one number of replicas."""

    replicas: int
    readers: int
    load: float
    reruns: list[float]
    errors: int
    per_second: float | None
    cpu: dict[str, float]  # share of one core over the clicks: replicas, haproxy, generator

    @property
    def p95(self) -> float | None:
        from benchmarks.capacity import percentile

        return percentile(self.reruns, 95)

    def within(self, target: float) -> bool:
        return not self.errors and self.p95 is not None and self.p95 <= target


def _ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:,.0f} ms"


def machine_cpu_seconds() -> float:
    """CPU seconds the whole machine has spent busy (all cores, every process), /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:8]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")  # less idle, iowait


class CpuSampler:
    """CPU seconds of some processes, and of the whole machine (`machine`), every quarter
    second, in a greenlet."""

    def __init__(self, pids: dict[str, int]):
        import gevent

        self.pids, self.samples = pids, []
        self.greenlet = gevent.spawn(self._run)

    def _run(self):
        import gevent

        from benchmarks.capacity import cpu_seconds

        while True:
            used = {n: cpu_seconds(p) for n, p in self.pids.items()}
            self.samples.append((time.perf_counter(), {**used, "machine": machine_cpu_seconds()}))
            gevent.sleep(0.25)

    def share(self, start: float, end: float) -> dict[str, float]:
        """Each process's CPU between the samples around [start, end], as a share of a core."""
        self.greenlet.kill()
        before = max(
            (s for s in self.samples if s[0] <= start), default=self.samples[0], key=lambda s: s[0]
        )
        after = min(
            (s for s in self.samples if s[0] >= end), default=self.samples[-1], key=lambda s: s[0]
        )
        wall = max(after[0] - before[0], 1e-9)
        return {name: (after[1][name] - before[1][name]) / wall for name in after[1]}


def open_page(port: int, cookie: str | None = None, timeout: float = 60.0):
    """What a browser does to open the page at this loopback port: GET it (HAProxy answers
    with the replica cookie, or keeps the one sent), open the WebSocket with that cookie, run
    the first page. Returns (socket, cookie, replica, what the run sent)."""
    import http.client

    import websocket

    from benchmarks.capacity import RunSeen, read_forward, rerun_message
    from deploy.cluster import COOKIE

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", "/", headers={"Cookie": f"{COOKIE}={cookie}"} if cookie else {})
        response = connection.getresponse()
        response.read()
        replica, set_cookie = (
            response.getheader("X-Replica"),
            response.getheader("Set-Cookie") or "",
        )
    finally:
        connection.close()
    if set_cookie.startswith(f"{COOKIE}="):
        cookie = set_cookie.split(";", 1)[0].split("=", 1)[1]
    ws = websocket.create_connection(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                                     timeout=timeout, cookie=f"{COOKIE}={cookie}" if cookie else None)  # fmt: skip
    seen = RunSeen()
    ws.send_binary(rerun_message())
    while not read_forward(ws.recv(), seen) or seen.finished == "FINISHED_EARLY_FOR_RERUN":
        pass
    return ws, cookie, replica, seen


def warm(cluster) -> None:
    """Each replica loads the data once before it is measured: a first page, sent to it
    directly rather than through HAProxy."""
    for name, server in cluster.replicas.items():
        ws, *_ = open_page(server.port, timeout=600)
        ws.close()
        print(f"[deploy.measure] {name} has loaded the data", file=sys.stderr, flush=True)


def measure_replicas(
    count: int, readers: list[int], args, work: Path, env, deadline: float
) -> list[Row]:
    from benchmarks.capacity import run_level
    from deploy.cluster import Cluster

    rows = []
    with Cluster(count, work / f"replicas-{count}", env=env) as cluster:
        warm(cluster)
        for n in readers:
            if time.monotonic() > deadline:
                break
            load = os.getloadavg()[0]
            sampler = CpuSampler({**cluster.pids(), "generator": os.getpid()})
            level = run_level(
                cluster.ws_url,
                cluster.pids()["r1"],
                n,
                args.reruns,
                THINK_S,
                args.rerun_timeout,
                deadline,
            )
            start = min((s for s, _ in level.clicks), default=0.0)
            cpu = sampler.share(start, start + level.wall)
            replicas = sum(cpu[name] for name in cluster.replicas)
            ours = replicas + cpu["haproxy"] + cpu["generator"]
            shares = {"replicas": replicas, "haproxy": cpu["haproxy"], "generator": cpu["generator"],
                      "others": max(cpu["machine"] - ours, 0.0)}  # fmt: skip
            done = len(level.reruns)
            per_second = done / level.wall if level.wall > 0 and done else None
            rows.append(Row(count, n, load, level.reruns, len(level.errors), per_second, shares))
            print(f"[deploy.measure] {_replicas(count)}, {n} readers: p95 {_ms(rows[-1].p95)}, "
                  f"{len(level.errors)} errors, {per_second or 0:.1f} reruns/s, CPU "
                  + ", ".join(f"{k} {v * 100:.0f} %" for k, v in shares.items()), file=sys.stderr, flush=True)  # fmt: skip
    return rows


@dataclass
class Reader:
    """A reader of the replica-lost run: its replica, its reruns, and its outage if any."""

    replica: str | None = None
    reruns: int = 0
    failed: list[float] = field(default_factory=list)  # when a rerun or page failed
    recovered: float | None = None  # when a page worked again after the first failure
    recovered_on: str | None = None  # the replica that served it
    exceptions: list[str] = field(default_factory=list)


def idle(ws, seconds: float) -> None:
    """Wait between clicks while listening on the socket, as a browser's page does: a
    socket that closes (its replica gone) raises at once, not at the next click."""
    import websocket

    deadline, timeout = time.monotonic() + seconds, ws.gettimeout()
    try:
        while (left := deadline - time.monotonic()) > 0:
            ws.settimeout(left)
            try:
                ws.recv()  # nothing is expected between runs; whatever comes is dropped
            except websocket.WebSocketTimeoutException:
                return
    finally:
        ws.settimeout(timeout)


def reader_loop(cluster, reader: Reader, stop_at: float, think, rng, timeout: float) -> None:
    """Open the page, click a Day pill again and again; on a failure reopen the page through
    HAProxy (with the old cookie, as a browser's reconnect does) until it works."""
    import gevent

    from benchmarks.capacity import DAY_LABEL, RunSeen, read_forward, rerun_message

    ws, cookie, seen, done = None, None, None, 0
    while time.monotonic() < stop_at:
        try:
            if ws is None:
                ws, cookie, replica, seen = open_page(cluster.port, cookie, timeout)
                if reader.failed and reader.recovered is None and seen.error() is None:
                    reader.recovered, reader.recovered_on = time.monotonic(), replica
                reader.replica = reader.replica or replica
                reader.exceptions += seen.exceptions
            idle(ws, rng.uniform(*think))
            pill_id, days = seen.pills[DAY_LABEL]
            run = RunSeen()
            ws.send_binary(rerun_message({pill_id: [days[done % len(days)]]}, seen.page_hash))
            done += 1
            while not read_forward(ws.recv(), run) or run.finished == "FINISHED_EARLY_FOR_RERUN":
                pass
            reader.exceptions += run.exceptions
            if run.error():
                raise RuntimeError(run.error())
            reader.reruns += 1
        except Exception:  # a closed socket, a refused connection, a failed run
            reader.failed.append(time.monotonic())
            if ws is not None:
                ws.close()
            ws = None
            gevent.sleep(RETRY_S)
    if ws is not None:
        ws.close()


@dataclass
class Lost:
    readers: list[Reader]
    lost: str
    load: float
    killed: float
    down: float
    sent_after_down: int
    stopped_after: float


def replica_lost(n: int, args, work: Path, env) -> Lost:
    import random

    import gevent

    from deploy.cluster import Cluster

    with Cluster(2, work / "replica-lost", env=env) as cluster:
        warm(cluster)
        load, rng = os.getloadavg()[0], random.Random(0)
        readers = [Reader() for _ in range(n)]
        stop_at = time.monotonic() + STEADY_S + AFTER_S + 30  # 30 s for every page to open
        greenlets = [gevent.spawn(reader_loop, cluster, r, stop_at, THINK_S, rng, args.rerun_timeout)
                     for r in readers]  # fmt: skip
        while (
            sum(r.replica is not None for r in readers) < n
            and time.monotonic() < stop_at - STEADY_S - AFTER_S
        ):
            gevent.sleep(0.1)
        gevent.sleep(STEADY_S)
        before = cluster.stats()
        lost = max(cluster.replicas, key=lambda name: sum(r.replica == name for r in readers))
        killed = cluster.kill(lost)
        down = cluster.wait_down(lost)
        sent_at_down = int(cluster.stats()[lost]["stot"])
        gevent.sleep(max(0.0, killed + AFTER_S - time.monotonic()))
        sent_after = int(cluster.stats()[lost]["stot"]) - sent_at_down
        for greenlet in greenlets:
            greenlet.kill()
        print(
            f"[replica lost] {lost} killed; HAProxy connections before: "
            f"{ {k: v['stot'] for k, v in before.items()} }",
            file=sys.stderr,
            flush=True,
        )
        return Lost(readers, lost, load, killed, down, sent_after, AFTER_S)


def replicas_table(rows: list[Row], target: float) -> str:
    """The 1-against-2 table (the largest level that met the target, per replica count),
    then every level measured."""
    head = (f"| Replicas | Cores on the machine | Readers carried (rerun p95 within {target:g} s, no error) | "
            "Reruns per second there | Most reruns per second, any level | Load average (1 min) before |\n"
            "|---|---|---|---|---|---|\n")  # fmt: skip
    lines = []
    for count in sorted({r.replicas for r in rows}):
        mine = [r for r in rows if r.replicas == count]
        carried = max((r for r in mine if r.within(target)), key=lambda r: r.readers, default=None)
        best = max((r.per_second or 0 for r in mine), default=0)
        shown = carried or mine[0]
        lines.append(f"| {count} | {os.cpu_count()} | {carried.readers if carried else f'fewer than {mine[0].readers}'} | "
                     f"{f'{carried.per_second:.1f}' if carried and carried.per_second else '–'} | {best:.1f} | "
                     f"{shown.load:.2f} |")  # fmt: skip
    detail = ("\n| Replicas | Readers | Load average (1 min) before | Rerun median / p95 | Errors | Reruns per "
              "second | CPU of the replicas (100 % = one core) | HAProxy | Load generator | Other processes |\n"
              "|---|---|---|---|---|---|---|---|---|---|\n")  # fmt: skip
    for r in rows:
        median = statistics.median(r.reruns) if r.reruns else None
        detail += (f"| {r.replicas} | {r.readers} | {r.load:.2f} | {_ms(median)} / {_ms(r.p95)} | {r.errors} | "
                   f"{f'{r.per_second:.1f}' if r.per_second else '–'} | {r.cpu['replicas'] * 100:.0f} % | "
                   f"{r.cpu['haproxy'] * 100:.0f} % | {r.cpu['generator'] * 100:.0f} % | "
                   f"{r.cpu['others'] * 100:.0f} % |\n")  # fmt: skip
    return head + "\n".join(lines) + "\n" + detail


def lost_block(result: Lost) -> str:
    readers, lost = result.readers, result.lost
    on_lost = [r for r in readers if r.replica == lost]
    failed = [r for r in readers if any(at >= result.killed for at in r.failed)]
    others_failed = [r for r in failed if r.replica != lost]
    waits = sorted(r.recovered - result.killed for r in failed if r.recovered is not None)
    unrecovered = sum(r.recovered is None for r in failed)
    reopened_on = sorted({r.recovered_on for r in failed if r.recovered_on})
    noticed = max(
        (min(at for at in r.failed if at >= result.killed) - result.killed for r in failed),
        default=0,
    )
    return "\n".join([
        f"- Readers: {len(readers)} on 2 replicas ({len(on_lost)} on {lost}, the one killed), each clicking a "
        f"filter every {THINK_S[0]:g}–{THINK_S[1]:g} s; {lost} killed (SIGKILL) after {STEADY_S:g} s of that load; load average "
        f"(1 min) {result.load:.2f} before.",
        f"- Sessions that failed: {len(failed)} of {len(readers)} ({len(on_lost)} were on {lost}; "
        f"{len(others_failed)} on the other replica). Each noticed within {noticed:.2f} s, its socket closed, "
        f"and reopened its page on "
        f"{', '.join(reopened_on) or '–'}.",
        "- Every reader had a working page again "
        + (f"{waits[-1]:.1f} s after the kill (median {statistics.median(waits):.1f} s)" if waits else "–")
        + (f"; {unrecovered} did not within {result.stopped_after:g} s" if unrecovered else "") + ".",
        f"- HAProxy took {lost} out {result.down - result.killed:.2f} s after the kill and sent it "
        f"{result.sent_after_down} connections after that.",
        f"- Exceptions shown on a page: {sum(len(r.exceptions) for r in readers)}. Reruns done: "
        f"{sum(r.reruns for r in readers)}.",
    ]) + "\n"  # fmt: skip


def run_block(args, argv, rows: list[Row], elapsed: float, generator: str) -> str:
    return (f"Command: `{' '.join(['python -m deploy.measure', *argv])}`  \n"
            f"Date: {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC; the whole run took {elapsed / 60:.1f} min "
            f"on {os.cpu_count()} cores, shared by the replicas, HAProxy, the load generator (this process) "
            f"and any other work on the machine (the load average before each level is in the table). "
            f"{generator}\n\nSettings: {args.reruns} filter clicks per reader, {THINK_S[0]:g}–{THINK_S[1]:g} s "
            f"before each, {args.rerun_timeout:g} s timeout per rerun; target: rerun p95 within {TARGET_S:g} s with "
            f"no error. HAProxy 2.6 with deploy/haproxy/readers.cfg.\n")  # fmt: skip


def _replicas(n: int) -> str:
    return f"{n} replica" if n == 1 else f"{n} replicas"


def generator_note(rows: list[Row]) -> str:
    """What the shared cores cost: the load generator's share, other work's, and the most
    the replicas got together."""
    if not rows:
        return ""
    busiest = max(rows, key=lambda r: r.cpu["generator"])
    others = [r.cpu["others"] * 100 for r in rows]
    most = max(rows, key=lambda r: r.cpu["replicas"])
    return (
        f"The load generator used up to {busiest.cpu['generator'] * 100:.0f} % of a core ({busiest.readers} "
        f"readers on {_replicas(busiest.replicas)}) and other work on the machine {min(others):.0f}–"
        f"{max(others):.0f} % during the levels: what they take, the replicas do not have. The replicas "
        f"together used at most {most.cpu['replicas'] * 100:.0f} % of a core ({most.readers} readers on "
        f"{_replicas(most.replicas)}); 2 replicas can show their full gain only where each has a core of its own."
    )


def _interrupted(*_) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    from gevent import monkey

    monkey.patch_all()  # locust's users are greenlets: before anything opens a socket
    from benchmarks.report import write_blocks

    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(
        prog="python -m deploy.measure", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--readers", default="25,50,75,100,150,200", help="levels, comma-separated")
    parser.add_argument("--replicas", default="1,2", help="replica counts, comma-separated")
    parser.add_argument("--reruns", type=int, default=5, help="filter clicks per reader")
    parser.add_argument(
        "--lost-readers", type=int, default=40, help="readers when a replica is lost (0: skip)"
    )
    parser.add_argument("--rerun-timeout", type=float, default=60.0)
    parser.add_argument("--limit", type=float, default=1200.0, help="seconds for the whole run")
    parser.add_argument("--no-write", action="store_true", help="print the tables only")
    args = parser.parse_args(argv)
    readers = [int(x) for x in args.readers.split(",") if x.strip()]
    counts = [int(x) for x in args.replicas.split(",") if x.strip()]
    if not readers or min(readers) < 1 or max(readers) > 500 or not 0 <= args.lost_readers <= 200:
        parser.error("--readers: from 1 to 500; --lost-readers: from 0 to 200")
    if not counts or min(counts) < 1 or max(counts) > 4:
        parser.error("--replicas: from 1 to 4")
    signal.signal(signal.SIGTERM, _interrupted)  # `kill PID` stops everything as Ctrl-C does

    work, started = Path(tempfile.mkdtemp(prefix="dashboard-replicas-")), time.perf_counter()
    env = {**os.environ, "DASHBOARD_DATA_DIR": str(VISIT), "DASHBOARD_MAP_TILES": "offline",
           "DASHBOARD_CACHE_DIR": str(work / "copies")}  # fmt: skip
    deadline = time.monotonic() + args.limit
    rows = [
        row
        for count in counts
        for row in measure_replicas(count, readers, args, work, env, deadline)
    ]
    lost = replica_lost(args.lost_readers, args, work, env) if args.lost_readers else None
    blocks = {"replicas-run": run_block(args, argv, rows, time.perf_counter() - started, generator_note(rows)),
              "replicas": replicas_table(rows, TARGET_S)}  # fmt: skip
    if lost is not None:
        blocks["replica-lost"] = lost_block(lost)
    for text in blocks.values():
        print(text)
    if not args.no_write:
        write_blocks(DOC, blocks)
    print(f"[deploy.measure] logs in {work}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
