"""Run the benchmarks and write docs/benchmarks.md's generated blocks.

    python -m benchmarks [--sizes real,1k,10k,100k] [--runs 5] [--no-browser] [--out FILE]
    python -m benchmarks --render DIR     # measure nothing: the doc from DIR's JSON files
    python -m benchmarks generate FOLDER [--visits 2] [--events 1000] [--seed 0]

A size is `real` (data/) or an event count (`1k`, `2500`, `100kx2` for two visits; else
max(2, ceil(events / 10,000)) visits), generated once into --data-root. Each size is one
pytest run of `bench_pages.py` in a process of its own, its pytest-benchmark JSON in
--data-root/results/<size>.json (`pytest-benchmark compare` compares two). The code measured
is a copy of the working tree taken at the start (--no-snapshot: the tree in place).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import report
from .generate import generate

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ("app.py", "pages", "src", "assets", "data", "seeds", ".streamlit", "pyproject.toml", "benchmarks",
            "tests/harness.py")  # what a run measures: copied whole when it starts


def parse_size(spec: str) -> tuple[str, int | None, int | None]:
    """(label, events, visits); the label names the column: real, 1k, 10k, 100k, else the spec."""
    if (spec := spec.strip().lower()) == "real":
        return "real", None, None
    if not (match := re.fullmatch(r"(\d+(?:\.\d+)?)([km]?)(?:x(\d+))?", spec)):
        raise argparse.ArgumentTypeError(f"{spec!r} is not a size: use real, 1k, 10k, 2500, 100kx2")
    events = int(float(match[1]) * {"": 1, "k": 1_000, "m": 1_000_000}[match[2]])
    label = spec if match[3] else {1_000: "1k", 10_000: "10k", 100_000: "100k"}.get(events, spec)
    return label, events, int(match[3]) if match[3] else max(2, math.ceil(events / 10_000))


def data_folder(spec: str, root: Path, seed: int) -> Path:
    """data/, or a generated folder, kept while its size, seed and generator are the same."""
    _, events, visits = parse_size(spec)
    if events is None:
        return ROOT / "data"
    folder, marker = root / f"events-{events}-visits-{visits}-seed-{seed}", Path(".complete")
    digest = hashlib.sha256((Path(__file__).parent / "generate.py").read_bytes()).hexdigest()[:16]
    wanted = json.dumps({"events": events, "visits": visits, "seed": seed, "gen": digest})
    if (folder / marker).is_file() and (folder / marker).read_text() == wanted:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    generate(folder, visits=visits, events=events, seed=seed)
    (folder / marker).write_text(wanted)
    return folder


def measure(spec: str, args, results: Path) -> None:
    """One size: `pytest bench_pages.py` in a new process, its JSON into `results`."""
    label = parse_size(spec)[0]
    folder, logs = data_folder(spec, args.data_root, args.seed), args.data_root / "logs" / label
    out = results / f"{label}.json"
    logs.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    copies = args.data_root / "copies" / label
    shutil.rmtree(copies, ignore_errors=True)  # no stored copy at the start
    path = os.pathsep.join(p for p in (str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "DASHBOARD_DATA_DIR": str(folder), "DASHBOARD_MAP_TILES": "offline",
           "DASHBOARD_CACHE_DIR": str(copies), "PYTHONPATH": path}  # fmt: skip
    command = [sys.executable, "-m", "pytest", str(ROOT / "benchmarks" / "bench_pages.py"), "-p", "no:cacheprovider",
               "-q", "-o", "python_files=bench_*.py", "-o", "addopts=", "--benchmark-json", str(out),
               "--benchmark-save-data", "--benchmark-columns=median,min,max,rounds", "--runs", str(args.runs),
               "--run-timeout", str(args.timeout), "--logs", str(logs), *([] if args.browser else ["--no-browser"])]  # fmt: skip
    print(f"[benchmarks] {label}: {folder}; log in {logs / 'pytest.log'}", file=sys.stderr, flush=True)
    with (logs / "pytest.log").open("w", encoding="utf-8") as log:
        done = subprocess.run(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, check=False)
    if not out.is_file():  # pytest itself failed: the column says so
        out.write_text(json.dumps({"dashboard": {"failures": {"pytest": f"exit code {done.returncode}"}}}))


def source_info() -> dict:
    """The commit measured and the files changed since (read-only git)."""

    def git(*words: str) -> str:
        done = subprocess.run(["git", "-C", str(ROOT), *words], capture_output=True, text=True, check=False)
        return done.stdout.rstrip() if done.returncode == 0 else ""

    changed = [line[3:] for line in git("status", "--porcelain", "--", "app.py", "pages", "src").splitlines()]
    return {"commit": git("rev-parse", "--short", "HEAD"), "subject": git("log", "-1", "--format=%s"),
            "changed": changed, "taken": time.strftime("%Y-%m-%d %H:%M:%S %Z")}  # fmt: skip


def in_snapshot(args, argv: list[str]) -> int:
    """Copy the code and data into --data-root/snapshot and run the command there."""
    snapshot = args.data_root.resolve() / "snapshot"
    shutil.rmtree(snapshot, ignore_errors=True)
    for name in SNAPSHOT:
        (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, snapshot / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        elif (ROOT / name).is_file():
            shutil.copy2(ROOT / name, snapshot / name)
    env = {**os.environ, "BENCHMARK_SOURCE": json.dumps(source_info())}
    command = [sys.executable, "-m", "benchmarks", *argv, "--no-snapshot", "--out", str(args.out.resolve()),
               "--data-root", str(args.data_root.resolve()), "--command-line", "python -m benchmarks " + " ".join(argv)]  # fmt: skip
    return subprocess.call(command, cwd=snapshot, env=env)


def render(results: Path, out: Path | None) -> None:
    """Print the table of a results folder and rewrite the doc's generated blocks."""
    run = json.loads((results / "run.json").read_text())
    sizes = {label: json.loads((results / f"{label}.json").read_text()) for label in run["labels"]}
    print(table := report.render_table(sizes))
    if out is not None:
        first = next((d for d in sizes.values() if "machine_info" in d), {})
        blocks = {"run": report.run_block(run, sizes), "machine": report.machine(first), "results": table}
        report.write_blocks(out, blocks)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["generate"]:  # a synthetic folder alone, e.g. for benchmarks.capacity --data
        parser = argparse.ArgumentParser(prog="python -m benchmarks generate")
        parser.add_argument("folder", type=Path)
        for name, default in (("--visits", 2), ("--events", 1000), ("--seed", 0)):
            parser.add_argument(name, type=int, default=default)
        g = parser.parse_args(argv[1:])
        generate(g.folder, visits=g.visits, events=g.events, seed=g.seed)
        return 0
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="real,1k,10k,100k", type=lambda s: [x for x in s.split(",") if x])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measurement")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per run")
    parser.add_argument("--browser", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--render", type=Path, help="a results folder: rewrite the doc from it")
    parser.add_argument("--data-root", type=Path, default=Path(tempfile.gettempdir()) / "dashboard-benchmarks")
    parser.add_argument("--snapshot", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--command-line", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    labels = [parse_size(spec)[0] for spec in args.sizes]  # a bad size fails before anything runs
    if args.render or args.snapshot:
        return render(args.render, None if args.no_write else args.out) if args.render else in_snapshot(args, argv)
    results, started, minutes, load = args.data_root / "results", time.perf_counter(), {}, {}
    results.mkdir(parents=True, exist_ok=True)
    for spec, label in zip(args.sizes, labels, strict=True):
        load[label], begun = os.getloadavg()[0], time.perf_counter()
        measure(spec, args, results)
        minutes[label] = (time.perf_counter() - begun) / 60
    run = {"command": args.command_line or " ".join(["python -m benchmarks", *argv]), "labels": labels,
           "elapsed": time.perf_counter() - started, "minutes": minutes, "load": load, "seed": args.seed,
           "source": json.loads(os.environ.get("BENCHMARK_SOURCE", "null")) or source_info()}  # fmt: skip
    (results / "run.json").write_text(json.dumps(run, indent=1))
    render(results, None if args.no_write else args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
