"""The deployment in deploy/, read as files: no container engine runs here, so the image
definition, the compose file and HAProxy's configuration are checked for the pieces a
newsroom relies on, and the parts that can run without an engine are run: HAProxy's own
check of its configuration (`haproxy -c`, for the deployment and for the local replicas of
tests/test_replicas.py) and the image's build step that stores the checked tables.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from deploy.cluster import RULES, Cluster, find_haproxy

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
DOCKERFILE = DEPLOY / "Dockerfile"
COMPOSE = DEPLOY / "compose.yaml"
HAPROXY_DIR = DEPLOY / "haproxy"
HEALTH = "/_stcore/health"


def instructions() -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (KEYWORD, arguments), continuation lines joined."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            found.append((keyword.upper(), " ".join(rest.split())))
    return found


def arguments(keyword: str) -> list[str]:
    return [rest for kw, rest in instructions() if kw == keyword]


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def haproxy_or_skip() -> str:
    found = find_haproxy()
    if found is None:
        if os.environ.get("DASHBOARD_REQUIRE_HAPROXY"):
            pytest.fail("no haproxy ($DASHBOARD_REQUIRE_HAPROXY is set): apt-get install haproxy")
        pytest.skip("no haproxy: apt-get install haproxy")
    return found


# ---------------------------------------------------------------------------------------
# The image


def test_the_image_runs_the_python_the_tests_ran_on():
    (base,) = arguments("FROM")
    assert re.fullmatch(rf"python:{sys.version_info[0]}\.{sys.version_info[1]}-slim\S*", base), base


def test_the_image_installs_the_hashed_lock_then_the_package_alone():
    runs = arguments("RUN")
    lock = next(i for i, r in enumerate(runs) if "requirements.lock" in r)
    assert "pip install --require-hashes -r requirements.lock" in runs[lock]
    package = next(i for i, r in enumerate(runs) if re.search(r"pip install --no-deps \.(\s|$)", r))
    assert lock < package  # nothing but the lock's pins is installed


def test_the_image_carries_what_the_app_needs():
    sources = {name for rest in arguments("COPY") for name in shlex.split(rest)[:-1]}
    for needed in ("requirements.lock", "pyproject.toml", "README.md", "src", "app.py", "pages",
                   "assets", ".streamlit", "data", "seeds"):  # fmt: skip
        assert needed in sources, f"the image lacks {needed}"
    for name in sources:
        assert (ROOT / name).exists(), f"COPY {name}: no such file in the repository"
    ignored = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").split()
    assert not sources & set(ignored), "the build context leaves out a file the image copies"


def test_the_image_serves_streamlit_as_a_user_of_its_own_with_a_health_check():
    users = arguments("USER")
    assert users and users[-1] not in ("root", "0")
    (health,) = arguments("HEALTHCHECK")
    assert HEALTH in health and "8501" in health
    (command,) = arguments("CMD")
    assert '"streamlit", "run", "app.py"' in command and "--server.port=8501" in command
    assert "8501" in arguments("EXPOSE")


def test_the_image_stores_the_checked_tables_at_build(tmp_path):
    """The build step that stores the copy, run as the Dockerfile writes it: afterwards a
    start reads the copy and no CSV file. On the shipped visit alone: another folder in
    data/ may be work in progress (a folder with a problem is never stored)."""
    (step,) = [r for r in arguments("RUN") if "stored.load()" in r]
    code = re.search(r'python -c "([^"]+)"', step).group(1)
    env = {
        **os.environ,
        "DASHBOARD_DATA_DIR": str(ROOT / "data" / "lee-china-2026"),
        "DASHBOARD_CACHE_DIR": str(tmp_path / "c"),
    }
    built = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
    )
    assert built.returncode == 0, built.stderr[-3000:]
    assert list((tmp_path / "c").glob("copy-*")), "no stored copy was written"
    again = subprocess.run(
        [sys.executable, "-c", "from dashboard.data import stored; print(stored.load()[1])"],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert again.stdout.strip() == "True", again.stderr[-3000:]


# ---------------------------------------------------------------------------------------
# The compose file


def test_compose_runs_replicas_of_the_image_behind_haproxy():
    services = compose()["services"]
    app = services["app"]
    assert app["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}
    replicas = app["deploy"]["replicas"]
    assert re.fullmatch(r"\$\{REPLICAS:-([2-9]|1[0-6])\}", str(replicas)), replicas
    balancer = services["haproxy"]
    assert balancer["image"] == "haproxy:2.6"  # the branch Debian 12 packages, run by the tests
    assert balancer["depends_on"]["app"]["condition"] == "service_healthy"
    assert "./haproxy:/usr/local/etc/haproxy:ro" in balancer["volumes"]
    files = [a for a in balancer["command"] if a.endswith(".cfg")]
    assert files == ["/usr/local/etc/haproxy/readers.cfg", "/usr/local/etc/haproxy/compose.cfg"]
    assert all((HAPROXY_DIR / Path(f).name).is_file() for f in files)
    assert "8080:8080" in balancer["ports"]


def test_haproxy_sends_readers_to_every_replica_slot_compose_starts():
    config = (HAPROXY_DIR / "compose.cfg").read_text(encoding="utf-8")
    template = re.search(
        r"^\s*server-template \S+ 1-(\d+) app:(\d+) .*resolvers docker", config, re.M
    )
    assert template and template.group(2) == "8501"
    assert int(template.group(1)) >= 16  # REPLICAS up to 16, as compose.yaml says
    assert re.search(r"^\s*bind :8080$", config, re.M)


# ---------------------------------------------------------------------------------------
# HAProxy's rules, shared by the deployment and the local replicas


def test_the_rules_make_sessions_sticky_and_check_streamlit_health():
    rules = RULES.read_text(encoding="utf-8")
    lines = {
        " ".join(line.split()) for line in rules.splitlines() if not line.strip().startswith("#")
    }
    assert any(
        re.fullmatch(r"cookie \S+ insert indirect nocache httponly dynamic.*", x) for x in lines
    )
    assert f"http-check send meth GET uri {HEALTH}" in lines
    assert "http-check expect string ok" in lines
    assert "option httpchk" in lines and "option redispatch" in lines
    assert any(x.startswith("default-server check ") for x in lines)
    assert any(x.startswith("timeout tunnel ") for x in lines)  # an open page's WebSocket


def test_haproxy_accepts_the_deployment_and_the_local_configuration(tmp_path):
    haproxy = haproxy_or_skip()
    checked = subprocess.run(
        [haproxy, "-c", "-f", str(RULES), "-f", str(HAPROXY_DIR / "compose.cfg")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "[WARNING]" not in checked.stdout + checked.stderr
    local = Cluster(2, tmp_path, env=os.environ)
    (tmp_path / "local.cfg").write_text(local.config(), encoding="utf-8")
    command = [*local.command()[:1], "-c", *local.command()[2:]]
    checked = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "[WARNING]" not in checked.stdout + checked.stderr


# ---------------------------------------------------------------------------------------
# The measurement (`python -m deploy.measure`), without running it


def test_the_measurement_drives_the_capacity_load_test_as_it_is():
    """deploy/measure.py sends benchmarks/capacity.py's own levels to HAProxy: a change of
    their interface must show here, not in a run on a quiet machine weeks later."""
    import inspect

    from benchmarks import capacity

    called = ["url", "pid", "n", "reruns", "think", "timeout", "deadline"]
    assert list(inspect.signature(capacity.run_level).parameters) == called
    for name in (
        "rerun_message",
        "read_forward",
        "RunSeen",
        "percentile",
        "cpu_seconds",
        "DAY_LABEL",
    ):
        assert hasattr(capacity, name), name
    doc = (ROOT / "docs" / "capacity.md").read_text(encoding="utf-8")
    for block in ("replicas-run", "replicas", "replica-lost"):
        assert f"<!-- begin {block} -->\n" in doc and f"<!-- end {block} -->" in doc


def test_the_table_names_the_readers_each_replica_count_carries_within_the_target():
    from deploy.measure import Row, replicas_table

    cpu = {"replicas": 0.9, "haproxy": 0.02, "generator": 0.1, "others": 0.0}
    rows = [Row(1, 50, 0.1, [0.1] * 20, 0, 40.0, cpu), Row(1, 100, 0.2, [2.0] * 20, 0, 48.0, cpu),
            Row(2, 50, 0.1, [0.1] * 20, 0, 41.0, cpu), Row(2, 100, 0.3, [0.5] * 20, 0, 80.0, cpu)]  # fmt: skip
    summary = replicas_table(rows, 1.0).split("\n\n")[0].splitlines()
    assert summary[2] == "| 1 | " + str(os.cpu_count()) + " | 50 | 40.0 | 48.0 | 0.10 |"
    assert summary[3] == "| 2 | " + str(os.cpu_count()) + " | 100 | 80.0 | 80.0 | 0.30 |"


def test_haproxy_log_lines_name_the_replica_and_the_cookie_sent():
    from deploy.cluster import Request, parse_log_line

    line = (
        "127.0.0.1:5 [06/Dec/2026:02:33:36.054] readers replicas/r2 0/0/0/3/+3 101 +220 "
        'DASHBOARD_REPLICA=ab12 - --VN 7/7/1/1/0 0/0 "GET /_stcore/stream HTTP/1.1"'
    )
    assert parse_log_line(line) == Request("r2", "ab12", "101", "GET", "/_stcore/stream")
    assert parse_log_line(line.replace("DASHBOARD_REPLICA=ab12", "-")).cookie is None
    assert parse_log_line("[WARNING]  (1) : Server replicas/r1 is DOWN") is None
