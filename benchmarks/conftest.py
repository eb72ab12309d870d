"""pytest-benchmark's settings for `bench_pages.py`, and what its JSON output carries beside
the statistics (`"dashboard"`: the folder's shape, the pills clicked, peak RSS, the servers'
memory, the first line of each failure by its measurement's key; the machine's memory and
library versions)."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from .pages import RUN_TIMEOUT
from .report import add_machine_info, key_of

RECORD: dict = {"failures": {}}  # this process's run: one pytest run per data folder


def pytest_addoption(parser):
    group = parser.getgroup("dashboard benchmarks")
    group.addoption("--runs", type=int, default=5, help="timed runs per measurement")
    group.addoption("--no-browser", action="store_true", help="leave the browser out")
    group.addoption("--logs", type=Path, default=None, help="server logs and profiles")


@pytest.fixture(scope="session")
def settings(request, tmp_path_factory) -> SimpleNamespace:
    """The folder measured, runs per measurement, the timeout of a run, the browser on or
    off, and where server logs and profiles go."""
    option = request.config.getoption
    return SimpleNamespace(folder=Path(os.environ["DASHBOARD_DATA_DIR"]), runs=option("--runs"),
                           timeout=RUN_TIMEOUT, browser=not option("--no-browser"),
                           logs=option("--logs") or tmp_path_factory.mktemp("logs"))  # fmt: skip


@pytest.fixture(scope="session")
def record() -> dict:
    return RECORD


def pytest_runtest_logreport(report):
    """A failed measurement is a result too: its first line goes into the table's cell."""
    if report.failed:
        crash = getattr(report.longrepr, "reprcrash", None)
        message = (crash.message if crash else str(report.longrepr)).splitlines()[0]
        RECORD["failures"][key_of(report.nodeid.split("::")[-1])] = message[:300]


def pytest_benchmark_update_machine_info(config, machine_info):
    add_machine_info(machine_info)


def pytest_benchmark_update_json(config, benchmarks, output_json):
    output_json["dashboard"] = RECORD
