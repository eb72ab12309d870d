"""Run the benchmarks and write docs/benchmarks.md's generated blocks.

    python -m benchmarks [--sizes real,1k,10k,100k] [--runs 5] [--no-browser]
    python -m benchmarks --render DIR     # measure nothing: the doc from DIR's JSON files
    python -m benchmarks generate FOLDER [--visits 2] [--events 1000] [--seed 0]

A size is `real` (data/) or an event count (`1k`, `2500`), generated once into --data-root.
Each size is one pytest run of `bench_pages.py` in a
process of its own, its pytest-benchmark JSON in --data-root/results/<size>.json
(`pytest-benchmark compare` compares two). The code measured is a copy of the working tree
taken at the start (--no-snapshot: the tree in place).
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
from .pages import RUN_TIMEOUT

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ("app.py", "pages", "src", "assets", "data", "seeds", ".streamlit", "pyproject.toml", "benchmarks",
            "tests/harness.py")  # what a run measures: copied whole when it starts


def sizes(text: str) -> list[str]:
    """`real,1k,2500`: `real` is data/, another size an event count (`1k` is 1,000)."""
    found = [size for size in text.split(",") if size]
    if bad := [size for size in found if not re.fullmatch(r"real|\d+k?", size)]:
        raise argparse.ArgumentTypeError(f"not a size: {', '.join(bad)} (use real, 1k, 10k, 2500)")
    return found


def data_folder(size: str, root: Path) -> Path:
    """data/, or a generated folder (seed 0, max(2, ceil(events / 10,000)) visits), kept while
    its size and the generator are the same."""
    if size == "real":
        return ROOT / "data"
    events = int(size.removesuffix("k")) * (1_000 if size.endswith("k") else 1)
    visits = max(2, math.ceil(events / 10_000))
    folder = root / f"events-{events}-visits-{visits}-seed-0"
    marker = folder / ".complete"  # holds the generator's digest once the folder is whole
    digest = hashlib.sha256((Path(__file__).parent / "generate.py").read_bytes()).hexdigest()[:16]
    if not (marker.is_file() and marker.read_text() == digest):
        shutil.rmtree(folder, ignore_errors=True)
        generate(folder, visits=visits, events=events)
        marker.write_text(digest)
    return folder


def measure(size: str, args, results: Path) -> None:
    """One size: `pytest bench_pages.py` in a new process, its JSON into `results`."""
    folder, logs, out = data_folder(size, args.data_root), args.data_root / "logs" / size, results / f"{size}.json"
    logs.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    copies = args.data_root / "copies" / size
    shutil.rmtree(copies, ignore_errors=True)  # no stored copy at the start
    path = os.pathsep.join(p for p in (str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "DASHBOARD_DATA_DIR": str(folder), "DASHBOARD_MAP_TILES": "offline",
           "DASHBOARD_CACHE_DIR": str(copies), "PYTHONPATH": path}  # fmt: skip
    command = [sys.executable, "-m", "pytest", str(ROOT / "benchmarks" / "bench_pages.py"), "-p", "no:cacheprovider",
               "-q", "-o", "python_files=bench_*.py", "-o", "addopts=", "--benchmark-json", str(out),
               "--benchmark-save-data", "--benchmark-columns=median,min,max,rounds", "--runs", str(args.runs),
               "--logs", str(logs), *([] if args.browser else ["--no-browser"])]  # fmt: skip
    print(f"[benchmarks] {size}: {folder}; log in {logs / 'pytest.log'}", file=sys.stderr, flush=True)
    with (logs / "pytest.log").open("w", encoding="utf-8") as log:
        done = subprocess.run(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, check=False)
    if not out.is_file():  # pytest itself failed: the column says so
        out.write_text(json.dumps({"dashboard": {"failures": {"pytest": f"exit code {done.returncode}"}}}))


def source_info(command: str) -> dict:
    """The command, the commit measured and the files changed since (read-only git)."""

    def git(*words: str) -> str:
        done = subprocess.run(["git", "-C", str(ROOT), *words], capture_output=True, text=True, check=False)
        return done.stdout.rstrip() if done.returncode == 0 else ""

    changed = [line[3:] for line in git("status", "--porcelain", "--", "app.py", "pages", "src").splitlines()]
    return {"command": command, "commit": git("rev-parse", "--short", "HEAD"), "subject": git("log", "-1", "--format=%s"),
            "changed": changed, "taken": time.strftime("%Y-%m-%d %H:%M:%S %Z")}  # fmt: skip


def in_snapshot(args, argv: list[str], command: str) -> int:
    """Copy the code and data into --data-root/snapshot and run the command there."""
    snapshot = args.data_root / "snapshot"
    shutil.rmtree(snapshot, ignore_errors=True)
    for name in SNAPSHOT:
        (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, snapshot / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        elif (ROOT / name).is_file():
            shutil.copy2(ROOT / name, snapshot / name)
    env = {**os.environ, "BENCHMARK_SOURCE": json.dumps(source_info(command))}
    command = [sys.executable, "-m", "benchmarks", *argv, "--no-snapshot", "--out", str(args.out),
               "--data-root", str(args.data_root)]  # fmt: skip
    return subprocess.call(command, cwd=snapshot, env=env)


def render(results: Path, out: Path) -> None:
    """Print the table of a results folder and rewrite the doc's generated blocks."""
    run = json.loads((results / "run.json").read_text())
    sizes = {size: json.loads((results / f"{size}.json").read_text()) for size in run["sizes"]}
    blocks = report.doc_blocks(run, sizes)
    print(blocks["results"])
    report.write_blocks(out, blocks)


def generate_command(argv: list[str]) -> int:
    """`python -m benchmarks generate FOLDER`: a synthetic folder alone (e.g. for capacity --data)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks generate")
    parser.add_argument("folder", type=Path)
    for name, default in (("--visits", 2), ("--events", 1000), ("--seed", 0)):
        parser.add_argument(name, type=int, default=default)
    args = parser.parse_args(argv)
    generate(args.folder, visits=args.visits, events=args.events, seed=args.seed)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["generate"]:
        return generate_command(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="real,1k,10k,100k", type=sizes)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measurement")
    parser.add_argument("--browser", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--render", type=Path, help="a results folder: rewrite the doc from it")
    parser.add_argument("--data-root", type=Path, default=Path(tempfile.gettempdir()) / "dashboard-benchmarks")
    parser.add_argument("--snapshot", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args(argv)
    args.out, args.data_root = args.out.resolve(), args.data_root.resolve()
    command = " ".join(["python -m benchmarks", *argv])
    if args.render:
        return render(args.render, args.out) or 0
    if args.snapshot:
        return in_snapshot(args, argv, command)
    results, started, seconds, load = args.data_root / "results", time.perf_counter(), {}, {}
    results.mkdir(parents=True, exist_ok=True)
    for size in args.sizes:
        load[size], begun = os.getloadavg()[0], time.perf_counter()
        measure(size, args, results)
        seconds[size] = time.perf_counter() - begun
    source = json.loads(os.environ.get("BENCHMARK_SOURCE", "null")) or source_info(command)
    run = {"command": source.pop("command"), "sizes": args.sizes, "elapsed": time.perf_counter() - started,
           "seconds": seconds, "load": load, "source": source, "settings": {"runs": args.runs, "timeout": RUN_TIMEOUT}}  # fmt: skip
    (results / "run.json").write_text(json.dumps(run, indent=1))
    render(results, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
