"""Replicas of `streamlit run app.py` behind HAProxy on loopback, under the deployment's own
rules: `deploy/haproxy/readers.cfg` (sticky cookie, health checks, redispatch) is loaded as
it is, and only the process settings, the loopback frontend and the servers are written
here. The replica tier (tests/test_replicas.py) and the measurement (`python -m
deploy.measure`) each start a `Cluster`.

Bounded and local: every port is a free loopback port; HAProxy and each replica are children
of this process, stopped by their PID in `stop()`, which `start()` calls itself when it fails
and a `with` block calls on leaving, whatever the reason (an error, Ctrl-C). HAProxy's admin
socket, in the cluster's work folder, tells which replica it counts as up; its log
(`haproxy.log` there) names the replica of every request and the replica cookie the request
carried, and every response carries an `X-Replica` header (here only, not in the deployment).
"""

from __future__ import annotations

import csv
import http.client
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tests.harness import STOP_TIMEOUT_S, StreamlitServer, free_port

ROOT = Path(__file__).resolve().parents[1]
RULES = Path(__file__).resolve().parent / "haproxy" / "readers.cfg"
#: The cookie the rules insert, as readers.cfg names it.
COOKIE = re.search(r"^\s*cookie\s+(\S+)\s", RULES.read_text(encoding="utf-8"), re.M).group(1)
HAPROXY_PATHS = ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy")
#: `show servers state`: a server's operational state, by its number.
OP_STATES = {"0": "DOWN", "1": "STARTING", "2": "UP", "3": "STOPPING"}

LOCAL_CONFIG = """\
# Written by deploy/cluster.py; loaded after deploy/haproxy/readers.cfg. Loopback only.
global
    log stdout format raw local0 info
    maxconn 4096
    stats socket {socket} mode 600 level admin

frontend readers
    bind 127.0.0.1:{port}
    log global
    option httplog
    # Each request is logged once answered (a WebSocket once it opens), with the replica
    # cookie it carried: the tests read from the log which replica served which reader.
    option logasap
    capture cookie {cookie} len 63
    default_backend replicas

backend replicas
    http-response set-header X-Replica %[srv_name]
{servers}
"""


class ClusterError(RuntimeError):
    """A replica or HAProxy did not start; the message says which and ends with its log."""


def find_haproxy() -> str | None:
    """HAProxy on the PATH, else Debian's (`apt-get install haproxy`); None without one."""
    found = shutil.which("haproxy")
    return found or next((p for p in HAPROXY_PATHS if os.access(p, os.X_OK)), None)


@dataclass(frozen=True)
class Request:
    """One line of HAProxy's log: the replica that answered, the cookie sent, the path."""

    replica: str
    cookie: str | None
    status: str
    method: str
    path: str


def parse_log_line(line: str) -> Request | None:
    """A request of HAProxy's `option httplog` format with one captured cookie, or None.

    >>> parse_log_line('127.0.0.1:5 [06/Dec/2026:02:33:36.054] readers replicas/r1 0/0/0/3/+3 '
    ...     '101 +220 DASHBOARD_REPLICA=ab - --VN 7/7/1/1/0 0/0 "GET /_stcore/stream HTTP/1.1"')
    Request(replica='r1', cookie='ab', status='101', method='GET', path='/_stcore/stream')
    """
    match = re.match(
        r'\S+ \[[^]]+\] \S+ [^/\s]+/(\S+) \S+ (\S+) \S+ (\S+) \S+ .*"(\S+) (\S+) [^"]*"$', line
    )
    if match is None:
        return None
    replica, status, sent, method, path = match.groups()
    cookie = sent.split("=", 1)[1] if "=" in sent else None
    return Request(replica, cookie, status, method, path)


class Cluster:
    """`replicas` servers named r1, r2, … and HAProxy in front of them, all on loopback.

    `env` is the replicas' environment (their data folder, say); `work` holds HAProxy's
    configuration, socket and log, and each replica's log.
    """

    def __init__(
        self, replicas: int, work: Path, *, env: Mapping[str, str], timeout: float = 120.0
    ):
        if not 1 <= replicas <= 8:
            raise ValueError("from 1 to 8 replicas")
        self.haproxy = find_haproxy()
        if self.haproxy is None:
            raise ClusterError("no haproxy: install it (apt-get install haproxy)")
        self.work = Path(work)
        self.work.mkdir(parents=True, exist_ok=True)
        self.timeout = timeout
        ports: list[int] = []
        self.replicas: dict[str, StreamlitServer] = {}
        for i in range(1, replicas + 1):
            ports.append(free_port(avoid=ports))
            self.replicas[f"r{i}"] = StreamlitServer(
                "app.py", cwd=ROOT, env=env, log_path=self.work / f"replica-r{i}.log",
                timeout=timeout, port=ports[-1])  # fmt: skip
        self.port = free_port(avoid=ports)
        self.url = f"http://127.0.0.1:{self.port}"
        self.socket_path = self.work / "haproxy.sock"
        self.log_path = self.work / "haproxy.log"
        self.process: subprocess.Popen | None = None

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/_stcore/stream"

    def config(self) -> str:
        servers = "\n".join(
            f"    server {name} 127.0.0.1:{s.port}" for name, s in self.replicas.items()
        )
        return LOCAL_CONFIG.format(
            socket=self.socket_path, port=self.port, cookie=COOKIE, servers=servers
        )

    def command(self) -> list[str]:
        return [self.haproxy, "-db", "-f", str(RULES), "-f", str(self.work / "local.cfg")]

    def start(self) -> Cluster:
        """Start every replica side by side, then HAProxy; return once HAProxy counts every
        replica up. On any failure everything started is stopped and ClusterError raised."""
        try:
            for server in self.replicas.values():
                server.launch()
            for server in self.replicas.values():
                server.wait_healthy()
            (self.work / "local.cfg").write_text(self.config(), encoding="utf-8")
            with self.log_path.open("wb") as log:
                self.process = subprocess.Popen(
                    self.command(), stdout=log, stderr=subprocess.STDOUT
                )
            self._wait(self.all_up, "HAProxy did not count every replica up")
        except BaseException as err:
            self.stop()
            if isinstance(err, Exception) and not isinstance(err, ClusterError):
                raise ClusterError(f"{type(err).__name__}: {err}") from err
            raise
        return self

    def _wait(self, done, what: str) -> None:
        deadline = time.monotonic() + self.timeout
        while True:
            if self.process is not None and self.process.poll() is not None:
                raise ClusterError(
                    f"haproxy exited with {self.process.returncode}:\n{self.log()[-4000:]}"
                )
            try:
                if done():
                    return
            except OSError:  # the socket is not there yet
                pass
            if time.monotonic() > deadline:
                raise ClusterError(f"{what} after {self.timeout:g} s:\n{self.log()[-4000:]}")
            time.sleep(0.05)

    def admin(self, command: str) -> str:
        """One command on HAProxy's admin socket, and its answer."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(5)
            sock.connect(str(self.socket_path))
            sock.sendall(command.encode() + b"\n")
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def states(self) -> dict[str, str]:
        """Each replica's state as HAProxy sees it: UP, DOWN (its health checks failed)…"""
        lines = [line.split() for line in self.admin("show servers state replicas").splitlines()]
        return {f[3]: OP_STATES.get(f[5], f[5]) for f in lines if len(f) > 5 and f[0].isdigit()}

    def stats(self) -> dict[str, dict[str, str]]:
        """HAProxy's counters per replica (`show stat`): `stot` connections sent to it so
        far, `scur` open now, `status`, `chkfail`…"""
        text = self.admin("show stat").lstrip("# ")
        rows = csv.DictReader(io.StringIO(text))
        return {
            r["svname"]: r
            for r in rows
            if r["pxname"] == "replicas" and r["svname"] in self.replicas
        }

    def all_up(self) -> bool:
        """Every replica up, its health checks passed (not "UP 1/2", a check failed)."""
        return {row["status"] for row in self.stats().values()} == {"UP"}

    def wait_down(self, name: str) -> float:
        """Block until HAProxy counts the replica down; the monotonic time it saw so."""
        self._wait(lambda: self.states().get(name) == "DOWN", f"HAProxy did not count {name} down")
        return time.monotonic()

    def replica_of(self, cookie: str | None) -> str | None:
        """The replica HAProxy sends a request with this replica cookie to (None: no cookie)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(
                "GET", "/_stcore/health", headers={"Cookie": f"{COOKIE}={cookie}"} if cookie else {}
            )
            response = connection.getresponse()
            response.read()
            return response.getheader("X-Replica")
        finally:
            connection.close()

    def requests(self) -> list[Request]:
        """Every request HAProxy has logged so far."""
        return [r for r in map(parse_log_line, self.log().splitlines()) if r is not None]

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def kill(self, name: str) -> float:
        """Lose a replica as a crash would (SIGKILL, by its PID); the monotonic time of it."""
        process = self.replicas[name].process
        process.send_signal(signal.SIGKILL)
        at = time.monotonic()
        process.wait(timeout=STOP_TIMEOUT_S)
        return at

    def pids(self) -> dict[str, int]:
        """The PIDs of the replicas still running, and of HAProxy (`haproxy`)."""
        found = {
            n: s.pid for n, s in self.replicas.items() if s.process and s.process.poll() is None
        }
        if self.process is not None and self.process.poll() is None:
            found["haproxy"] = self.process.pid
        return found

    def stop(self) -> None:
        """HAProxy, then every replica, by their PIDs. Safe to call twice."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT_S)
        for server in self.replicas.values():
            server.stop()

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
