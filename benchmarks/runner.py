"""How the benchmarks run: one size at a time, each measurement in processes of its own.

For a size: its data folder (the project's data/, or a synthetic folder generated once into
--data-root and reused while the generator is unchanged), then a child process for the
AppTest timings, loading and peak RSS (`benchmarks.measure`), one process per cold start,
the browser (`benchmarks.browser`, two `streamlit run` servers), and a child for the
profiles (`benchmarks.hotspots`). `run_in_snapshot` reruns the whole command in a copy of
the working tree. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from . import report
from .generate import generate
from .measure import ROOT, new_measure

EVENTS_PER_VISIT = 10_000
CHILD_TIMEOUT = 4 * 3600  # the hard stop of one measuring process


def progress(message: str) -> None:
    print(f"[benchmarks {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Size:
    spec: str  # as given: "real", "10k", "100kx2"
    events: int | None  # None for the real data
    visits: int | None

    @property
    def label(self) -> str:
        """The column's name: real, 1k, 10k, 100k (the sizes the targets name), else the
        spec as given; a size with its own number of visits keeps its spec (100kx2)."""
        if self.events is None:
            return "real"
        names = {1_000: "1k", 10_000: "10k", 100_000: "100k"}
        return self.spec if "x" in self.spec else names.get(self.events, self.spec)


def parse_size(spec: str) -> Size:
    spec = spec.strip().lower()
    if spec == "real":
        return Size("real", None, None)
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([km]?)(?:x(\d+))?", spec)
    if not match:
        raise argparse.ArgumentTypeError(
            f"{spec!r} is not a size: use real, or an event count like 1k, 10k, 2500, 100kx2"
        )
    number, unit, visits = match.groups()
    events = int(float(number) * {"": 1, "k": 1_000, "m": 1_000_000}[unit])
    n_visits = int(visits) if visits else max(2, math.ceil(events / EVENTS_PER_VISIT))
    return Size(spec, events, n_visits)


def _generator_digest() -> str:
    source = (Path(__file__).parent / "generate.py").read_bytes()
    return hashlib.sha256(source).hexdigest()[:16]


def data_folder(size: Size, data_root: Path, seed: int) -> Path:
    """The data folder of a size: the project's data/, or a generated folder (cached)."""
    if size.events is None:
        return ROOT / "data"
    folder = data_root / f"events-{size.events}-visits-{size.visits}-seed-{seed}"
    marker = folder / ".complete"
    wanted = {
        "events": size.events,
        "visits": size.visits,
        "seed": seed,
        "gen": _generator_digest(),
    }
    if marker.is_file() and json.loads(marker.read_text()) == wanted:
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    start = time.perf_counter()
    generate(folder, visits=size.visits, events=size.events, seed=seed)
    marker.write_text(json.dumps(wanted))
    progress(f"generated {folder} in {time.perf_counter() - start:.1f} s")
    return folder


def child_env(folder: Path, copies: Path | None = None) -> dict:
    """The environment of a measuring process: the folder, no network check, this
    checkout's code, and stored copies in `copies` (never the user's cache folder)."""
    env = dict(os.environ)
    env["DASHBOARD_DATA_DIR"] = str(folder)
    if copies is not None:
        env["DASHBOARD_CACHE_DIR"] = str(copies)
    env["DASHBOARD_MAP_TILES"] = "offline"  # no network check: same work on every machine
    # This checkout's package first, whatever `pip install -e` last pointed at.
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "src"), str(ROOT), env.get("PYTHONPATH")) if p
    )
    return env


def run_child(module: str, args: list[str], env: dict, log_path: Path, timeout: float) -> str:
    """Run `python -m module args`, its output in `log_path`; how it ended, in words."""
    with log_path.open("w", encoding="utf-8") as log:
        try:
            done = subprocess.run(
                [sys.executable, "-m", module, *args],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            progress(f"{module} stopped after {timeout:.0f} s")
            return f"stopped after {timeout:.0f} s"
    return ended(done.returncode)


def ended(code: int) -> str:
    """An exit code in words: 'exit code 1', or the signal that ended the process."""
    if code < 0:
        try:
            return f"ended by {signal.Signals(-code).name}"
        except ValueError:
            return f"ended by signal {-code}"
    return f"exit code {code}"


def cold_start_once(target: str, env: dict, timeout: float) -> tuple[float, str]:
    """Seconds from spawning a new Python process to its first complete page, and how the
    app loaded its data (`stored`, `full`, or '' for the trivial page)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.measure", "--cold", target],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(proc.stdout.readline()), daemon=True).start()
    try:
        line = lines.get(timeout=timeout)
        elapsed = time.perf_counter() - start
    except queue.Empty:
        proc.kill()
        proc.wait()
        raise TimeoutError from None
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if not line.startswith("READY"):
        raise RuntimeError(line.strip() or f"exit code {proc.returncode}")
    return elapsed, line.removeprefix("READY").strip()


def measure_cold(env: dict, runs: int, timeout: float, budget: float, copies: Path) -> dict:
    """Cold starts, one process each: the app with an empty folder of stored copies (its
    first start ever: `app`), the app with the copy the first of those stored (unchanged
    files: `stored`), the trivial page (`floor`), and a process that only imports what
    the app's first page imports (`imports`)."""
    out = {key: new_measure() for key in ("app", "stored", "floor", "imports")}
    shutil.rmtree(copies, ignore_errors=True)
    filled = copies / "first-0"  # what the first "first start ever" stores
    expected = {"app": "full", "stored": "stored", "floor": "", "imports": ""}
    spent = 0.0
    for i in range(runs):
        for key, target in (
            ("app", "app"),
            ("stored", "app"),
            ("floor", "trivial"),
            ("imports", "imports"),
        ):
            measure = out[key]
            if measure["status"] not in ("ok",):
                continue
            cache = {"app": copies / f"first-{i}", "stored": filled}.get(key, copies / key)
            run_env = {**env, "DASHBOARD_CACHE_DIR": str(cache)}
            try:
                elapsed, how = cold_start_once(target, run_env, max(timeout, 1800.0))
            except TimeoutError:
                measure["status"] = "timeout"
                continue
            except RuntimeError as err:
                measure["status"], measure["error"] = "error", str(err)[:300]
                continue
            if how != expected[key]:  # e.g. a copy that was not used
                measure["status"], measure["error"] = "error", f"loaded: {how or '?'}"
                continue
            measure["samples"].append(elapsed)
            if key in ("app", "stored"):
                spent += elapsed
        progress(
            f"cold start run {i + 1}: first ever {fmt_last(out['app'])}, stored copy "
            f"{fmt_last(out['stored'])}, floor {fmt_last(out['floor'])}, imports "
            f"{fmt_last(out['imports'])}"
        )
        if spent > budget and i + 1 < runs:
            for key in ("app", "stored"):
                if out[key]["status"] == "ok":
                    out[key]["status"] = "budget"
            break
    shutil.rmtree(copies, ignore_errors=True)
    return out


def fmt_last(measure: dict) -> str:
    return report.fmt_seconds(measure["samples"][-1]) if measure["samples"] else measure["status"]


def measure_in_process(folder: Path, args, env: dict, size_logs: Path) -> dict:
    """The AppTest timings, loading and peak RSS of one folder, from a child process
    (`benchmarks.measure`); `{"crash": ...}` when it wrote nothing."""
    out_json = size_logs / "measure.json"
    out_json.unlink(missing_ok=True)
    how = run_child(
        "benchmarks.measure",
        [
            "--data",
            str(folder),
            "--json",
            str(out_json),
            "--runs",
            str(args.runs),
            "--timeout",
            str(args.timeout),
            "--budget",
            str(args.budget),
        ],
        env,
        size_logs / "measure.log",
        CHILD_TIMEOUT,
    )
    if out_json.is_file():
        return json.loads(out_json.read_text())
    return {"crash": f"no output ({how}); see {size_logs / 'measure.log'}"}


def measure_size(size: Size, args, logs: Path) -> dict:
    folder = data_folder(size, args.data_root, args.seed)
    copies = args.data_root / "copies" / size.spec
    shutil.rmtree(copies, ignore_errors=True)  # each run starts with no stored copy
    env = child_env(folder, copies)
    result: dict = {"meta": {"visits": None, "events": size.events, "folder": str(folder)}}
    size_logs = logs / size.spec
    size_logs.mkdir(parents=True, exist_ok=True)

    progress(f"{size.spec}: AppTest timings, loading and memory ({folder})")
    measured = measure_in_process(folder, args, env, size_logs)
    if measured.get("crash"):
        progress(f"{size.spec}: the measuring process failed: {measured['crash']}")
        result["crash"] = measured["crash"]
    plan = measured.get("plan") or {}
    result["load"] = measured.get("load")
    result["stored_load"] = measured.get("stored_load")
    result["pages"] = measured.get("pages", {})
    result["peak_rss_mb"] = measured.get("peak_rss_mb")
    result["plan"] = plan
    counts = _folder_counts(folder)
    result["meta"].update(
        {
            "visits": counts["visits"],
            "events": counts["events"],
            "events_shown": plan.get("events_shown"),
            "cards_shown": plan.get("cards_shown"),
            "runs": args.runs,
            "timeout": args.timeout,
        }
    )

    progress(f"{size.spec}: cold start")
    result["cold"] = measure_cold(
        env, args.runs, args.timeout, args.budget, args.data_root / "cold-copies" / size.spec
    )

    if args.browser and plan:
        progress(f"{size.spec}: browser")
        from .browser import measure_browser

        result["browser"] = measure_browser(folder, args.runs, args.timeout, plan, size_logs, env)
    return result


def _folder_counts(folder: Path) -> dict:
    """Visits and events of a folder, counted from its files (no validation)."""
    from dashboard.data.loading import visit_folders

    visits = visit_folders(folder)
    events = 0
    for visit in visits:
        with (visit / "events.csv").open(encoding="utf-8") as f:
            events += sum(1 for line in f if line.strip()) - 1
    return {"visits": len(visits), "events": events}


def profile_size(size: Size, args, logs: Path) -> dict:
    folder = data_folder(size, args.data_root, args.seed)
    size_logs = logs / size.spec
    size_logs.mkdir(parents=True, exist_ok=True)
    out_json = size_logs / "hotspots.json"
    out_json.unlink(missing_ok=True)
    progress(f"{size.spec}: profiling (pyinstrument)")
    run_child(
        "benchmarks.hotspots",
        ["--data", str(folder), "--json", str(out_json), "--timeout", str(max(args.timeout, 600))],
        child_env(folder, args.data_root / "copies" / f"profile-{size.spec}"),
        size_logs / "hotspots.log",
        CHILD_TIMEOUT,
    )
    if not out_json.is_file():
        return {"crash": f"no output; see {size_logs / 'hotspots.log'}"}
    return json.loads(out_json.read_text())


def measure_all(sizes: list[Size], profile_sizes: list[Size], args, command: str, source: dict):
    """Measure every size, then profile; return the run's record (`run_info`), the results
    by column label (real, 1k, 10k, 100k, else the spec) and the profiles."""
    logs = args.data_root / "logs"
    started = time.perf_counter()
    results: dict[str, dict] = {}
    minutes: dict[str, float] = {}
    load: dict[str, float] = {}
    for size in sizes:
        t = time.perf_counter()
        load[size.label] = os.getloadavg()[0]
        results[size.label] = measure_size(size, args, logs)
        minutes[size.label] = (time.perf_counter() - t) / 60
        progress(f"{size.spec}: done in {minutes[size.label]:.1f} min")
    profiles = {size.label: profile_size(size, args, logs) for size in profile_sizes}
    elapsed = time.perf_counter() - started

    chromium = next(
        (r["browser"].get("chromium") for r in results.values() if r.get("browser")), None
    )
    run_info = {
        "command": command,
        "elapsed": elapsed,
        "minutes_per_size": minutes,
        "load_average_at_start": load,
        "source": source,
        "machine": report.machine(chromium),
        "labels": [s.label for s in sizes],
        "runs": args.runs,
        "timeout": args.timeout,
        "budget": args.budget,
        "seed": args.seed,
    }
    return run_info, results, profiles


def save_results(data_root: Path, run_info: dict, results: dict, profiles: dict) -> Path:
    """The raw results, for `--render` (`data_root/results.json`)."""
    raw = data_root / "results.json"
    raw.write_text(
        json.dumps({"run": run_info, "results": results, "profiles": profiles}, indent=1)
    )
    return raw


SNAPSHOT_ITEMS = (
    "app.py",
    "pages",
    "src",
    "assets",
    "data",
    "seeds",
    ".streamlit",
    "pyproject.toml",
    "benchmarks",
)


def source_info(root: Path) -> dict:
    """Which code is measured: the commit and the files changed since (read-only git)."""

    def git(*args: str) -> str:
        try:
            done = subprocess.run(
                ["git", "-C", str(root), *args], capture_output=True, text=True, timeout=30
            )
        except (OSError, subprocess.TimeoutExpired):
            return ""
        return done.stdout.rstrip() if done.returncode == 0 else ""

    status = git("status", "--porcelain", "--", "app.py", "pages", "src")
    changed = [line[3:] for line in status.splitlines() if len(line) > 3]
    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "subject": git("log", "-1", "--format=%s"),
        "changed": changed,
        "taken": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    }


def run_in_snapshot(args, argv: list[str]) -> int:
    """Copy the code and data into --data-root/snapshot and run the benchmarks there."""
    snapshot = args.data_root.resolve() / "snapshot"
    if snapshot.exists():
        shutil.rmtree(snapshot)
    snapshot.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    for name in SNAPSHOT_ITEMS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, snapshot / name, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, snapshot / name)
    info = source_info(ROOT)
    progress(f"measuring a snapshot of {ROOT} (commit {info['commit']}) in {snapshot}")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(snapshot / "src"), str(snapshot), env.get("PYTHONPATH")) if p
    )
    command = [
        sys.executable,
        "-m",
        "benchmarks",
        *argv,
        "--no-snapshot",
        "--out",
        str(args.out.resolve()),
        "--data-root",
        str(args.data_root.resolve()),
        "--source-info",
        json.dumps(info),
        "--command-line",
        "python -m benchmarks " + " ".join(argv),
    ]
    return subprocess.call(command, cwd=snapshot, env=env)
