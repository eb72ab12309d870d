"""Run the benchmarks and write docs/benchmarks.md.

    python -m benchmarks [--sizes real,1k,10k,100k] [--runs 5] [--browser/--no-browser]
                         [--out docs/benchmarks.md] [--profile 10k,100k] [--quick]
    python -m benchmarks generate FOLDER --visits 2 --events 10000 [--seed 0]

Run from the repository root. Sizes: `real` (the project's data/) or an event count such as
`1k`, `10k`, `100k`, `2500`, optionally with the number of visits: `100kx2`. Without it a
synthetic folder has max(2, ceil(events / 10,000)) visits: 1k and 10k are two visits, 100k
is ten visits of 10,000 events. Synthetic folders are generated once into --data-root and
reused while the generator is unchanged.

Each size is measured in processes of its own, so their peaks do not mix: one for the
AppTest timings, loading and peak RSS (`benchmarks.measure`), one per cold start, two
`streamlit run` servers for the browser (`benchmarks.browser`), and one for the profiles
(`benchmarks.hotspots`). The table goes to stdout, progress to stderr.
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
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from . import report
from .generate import generate
from .measure import ROOT, WARM_RUNS, WARMUP_RUNS, new_measure

DEFAULT_SIZES = "real,1k,10k,100k"
QUICK_SIZES = "real,1k"
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


def child_env(folder: Path) -> dict:
    env = dict(os.environ)
    env["DASHBOARD_DATA_DIR"] = str(folder)
    env["DASHBOARD_MAP_TILES"] = "offline"  # no network check: same work on every machine
    # This checkout's package first, whatever `pip install -e` last pointed at.
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "src"), str(ROOT), env.get("PYTHONPATH")) if p
    )
    return env


def run_child(module: str, args: list[str], env: dict, log_path: Path, timeout: float) -> None:
    with log_path.open("w", encoding="utf-8") as log:
        try:
            subprocess.run(
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


def cold_start_once(target: str, env: dict, timeout: float) -> float:
    """Seconds from spawning a new Python process to its first complete page."""
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
    return elapsed


def measure_cold(env: dict, runs: int, timeout: float, budget: float) -> dict:
    out = {"app": new_measure(), "floor": new_measure()}
    spent = 0.0
    for i in range(runs):
        for key, target in (("app", "app"), ("floor", "trivial")):
            measure = out[key]
            if measure["status"] not in ("ok",):
                continue
            try:
                elapsed = cold_start_once(target, env, max(timeout, 1800.0))
            except TimeoutError:
                measure["status"] = "timeout"
                continue
            except RuntimeError as err:
                measure["status"], measure["error"] = "error", str(err)[:300]
                continue
            measure["samples"].append(elapsed)
            if key == "app":
                spent += elapsed
        progress(
            f"cold start run {i + 1}: app {fmt_last(out['app'])}, floor {fmt_last(out['floor'])}"
        )
        if spent > budget and i + 1 < runs:
            out["app"]["status"] = (
                "budget" if out["app"]["status"] == "ok" else out["app"]["status"]
            )
            break
    return out


def fmt_last(measure: dict) -> str:
    return report.fmt_seconds(measure["samples"][-1]) if measure["samples"] else measure["status"]


def measure_size(size: Size, args, logs: Path) -> dict:
    folder = data_folder(size, args.data_root, args.seed)
    env = child_env(folder)
    result: dict = {"meta": {"visits": None, "events": size.events, "folder": str(folder)}}
    size_logs = logs / size.spec
    size_logs.mkdir(parents=True, exist_ok=True)

    progress(f"{size.spec}: AppTest timings, loading and memory ({folder})")
    out_json = size_logs / "measure.json"
    out_json.unlink(missing_ok=True)
    run_child(
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
    measured = json.loads(out_json.read_text()) if out_json.is_file() else {"crash": "no output"}
    if measured.get("crash"):
        progress(f"{size.spec}: the measuring process failed; see {size_logs / 'measure.log'}")
        result["crash"] = measured["crash"]
    plan = measured.get("plan") or {}
    result["load"] = measured.get("load")
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
    result["cold"] = measure_cold(env, args.runs, args.timeout, args.budget)

    if args.browser and plan:
        progress(f"{size.spec}: browser")
        from .browser import measure_browser

        result["browser"] = measure_browser(folder, args.runs, args.timeout, plan, size_logs, env)
    return result


def _folder_counts(folder: Path) -> dict:
    """Visits and events of a folder, counted from its files (no validation)."""
    from dashboard.loading import visit_folders

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
        child_env(folder),
        size_logs / "hotspots.log",
        CHILD_TIMEOUT,
    )
    if not out_json.is_file():
        return {"crash": f"no output; see {size_logs / 'hotspots.log'}"}
    return json.loads(out_json.read_text())


METHOD = """\
How to read it. Times are medians of the runs (n = {runs} unless a cell says otherwise: a
measurement stops early when one run times out after {timeout:.0f} s, or when its runs
together exceed {budget:.0f} s; warm reruns take {warm_runs} runs, after {warmups} untimed ones,
since they last milliseconds and a median of a few moves with the machine's other work).
**N×** is the ratio to the floor, the figure tracked.

- Floor: the trivial page `benchmarks/trivial_page.py` (`st.write("hello")` and a counting
  button), measured the same way in the same process, one floor run right after each page
  run; each page's ratio uses its own interleaved floor samples.
- Warm rerun (AppTest): `AppTest.from_file("app.py")`, `run()`, `switch_page(...)`,
  `run()`, then each timed `run()`. After a switch AppTest runs the page file alone, and
  the page would reuse the context the entrypoint left in session state; a real rerun
  runs the entrypoint too. So before each timed run the stored context
  (`ui.CONTEXT_KEY`) is dropped and the page's `ui.context()` recomputes it as the
  entrypoint does: cached load (file fingerprint), sidebar filters, filtering, the page.
- Rerun after a filter change: as the warm rerun, after setting `f_day` and/or `f_topic`
  in session state (one day, one topic, or both) to a state no other run of the process
  used, so that no cache of filtered results answers it. Setting them while the stored
  context is kept changes nothing on the page; with it dropped, the sidebar's "Showing N
  of M events" changes (checked on every page). A warm rerun, by contrast, repeats the
  same state: whatever the app caches answers it.
- Cold start: a new Python process (`python -m benchmarks.measure --cold app`) that imports
  AppTest and runs `app.py` to its first complete page (Overview), timed by the parent from
  spawning it to its READY line: interpreter start, imports, loading and validating the
  data, the page. Floor: the same for the trivial page.
- Loading: `dashboard.loading.load_dataset(folder)` in the measuring process, no
  Streamlit cache (the first run of the process includes lazy imports).
- Peak RSS: `ru_maxrss` of the measuring process at its end, one process per size.
- Browser: `streamlit run app.py` and `streamlit run benchmarks/trivial_page.py` on free
  loopback ports, headless Chromium via Playwright. A warm-up opens `/` and then
  `/issues`: it loads the data into the server's cache. It opens `/` first because with
  streamlit 1.67 a fresh server whose first session deep-links to a sub page named like a
  file in `pages/` serves the automatic `pages/` navigation for good, where a filter
  click changes nothing (the app now names its page files unlike their URLs; `/` first
  keeps the benchmark safe either way). Navigation: a new tab, `goto(/issues)` until the first
  `article.issue-card[data-card]` is visible; floor: `goto(/)` of the trivial page until "hello"
  is visible. Click: a sidebar pill, a different one each run so that no click is
  answered from a cache (Day pills first, then Topic pills; {click}), until the cards and
  the captions of the page differ from before the click and the run has finished; the
  pill is then unselected, untimed. Floor: the trivial page's button until its counter
  text updates. Server RSS: VmHWM of the server process.
- The code measured is a copy of the working tree taken when the run starts (app.py,
  pages, src, data, seeds...; `--no-snapshot` measures the tree in place), so edits made
  while the benchmarks run do not mix into one run.
- Synthetic folders: `benchmarks/generate.py`, seed {seed}; the pages show the first
  visit. `DASHBOARD_MAP_TILES=offline` for every process (no network check).
"""


def compose(run_info: dict, results: dict, profiles: dict) -> str:
    labels = run_info["labels"]
    table = report.render_table(results, labels)
    clicks = "; ".join(
        f"{label}: {', '.join(results[label]['plan'].get('click_labels') or ['none'])}"
        for label in labels
        if results.get(label, {}).get("plan")
    )
    elapsed = run_info["elapsed"]
    per_size = ", ".join(
        f"{label} {minutes:.1f} min" for label, minutes in run_info["minutes_per_size"].items()
    )
    loads = ", ".join(
        f"{label} {value:.2f}" for label, value in run_info.get("load_average_at_start", {}).items()
    )
    source = run_info.get("source") or {}
    measured = (
        f"Code measured: commit `{source.get('commit') or '?'}` ({source.get('subject', '')})"
    )
    if source.get("changed"):
        measured += " plus uncommitted changes to " + ", ".join(f"`{c}`" for c in source["changed"])
    measured += f", copied at {source.get('taken', '?')}.\n"
    parts = [
        "# Benchmarks\n",
        "Written by `benchmarks/` (do not edit by hand; rerun to update). Issue 5: how fast "
        "the pages are against a trivial Streamlit page, from the real visit to 100,000 "
        "synthetic events.\n",
        f"Command: `{run_info['command']}`  \nThe whole run took {elapsed / 60:.1f} min "
        f"({per_size}; the rest is profiling). Load average (1 min) when each size "
        f"started: {loads or 'not recorded'}; other work on the machine shows up as noise.\n",
        measured,
        "## Machine\n",
        report.machine_markdown(run_info["machine"]),
        "## Results\n",
        "Targets: real data: every page's warm rerun ≤ 4× floor, and a filter click updates "
        "the cards within 300 ms in the browser; 10k events: every page ≤ 10× floor; 100k "
        "events: no page over 1 s warm, memory under 1 GiB. A cell with a target says met "
        "or **NOT MET**.\n",
        table,
        METHOD.format(
            runs=run_info["runs"],
            warm_runs=max(run_info["runs"], WARM_RUNS),
            warmups=WARMUP_RUNS,
            timeout=run_info["timeout"],
            budget=run_info["budget"],
            seed=run_info["seed"],
            click=clicks or "none",
        ),
    ]
    crashes = [label for label in labels if results.get(label, {}).get("crash")]
    if crashes:
        parts.append(f"The measuring process failed for: {', '.join(crashes)}.\n")
    if profiles:
        parts += [
            "## Hotspots\n",
            "pyinstrument (1 ms sampling), in a process of its own per size, of one cold "
            "`load_dataset` and, for each page, of one rerun after a filter change (to a state "
            "no other run used: the work no cache saves) and one warm rerun, both made as "
            "above. Each line: a project "
            "function, its **own** share of the run (its code plus the library calls it "
            "makes directly, up to the next project function; the shares add up to at most "
            "100%), its inclusive share, and the library call that takes most of its own "
            "time. Profiled runs are slower than the medians above (sampling overhead, one "
            "run).\n",
            report.hotspots_markdown(profiles),
        ]
    parts += [
        "## Running it\n",
        "```\n"
        "python -m benchmarks                       # real,1k,10k,100k; 5 runs; browser\n"
        "python -m benchmarks --quick --no-browser  # real,1k; 3 runs; a minute or two\n"
        "python -m benchmarks --sizes 10k --profile 10k --out /tmp/b.md\n"
        "python -m benchmarks generate /tmp/data --visits 2 --events 10000\n"
        "python -m benchmarks --render /tmp/dashboard-benchmarks/results.json  # rewrite doc\n"
        "```\n",
        "pyinstrument is needed for `--profile` only (`pip install pyinstrument`); the "
        "browser rows need Playwright and a Chromium (the system one at /usr/bin/chromium "
        "is used when present; never `playwright install`).\n",
    ]
    return "\n".join(parts)


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--sizes", default=None, help=f"comma-separated (default {DEFAULT_SIZES})")
    parser.add_argument("--runs", type=int, default=None, help="runs per measurement (default 5)")
    parser.add_argument("--browser", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    parser.add_argument("--profile", default="", help="sizes to profile, e.g. 10k,100k")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_SIZES}, 3 runs, 60 s timeout")
    parser.add_argument("--timeout", type=float, default=None, help="per run, seconds (120)")
    parser.add_argument("--budget", type=float, default=None, help="per measurement, s (300)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--render", type=Path, help="measure nothing: print and write from a saved results.json"
    )
    parser.add_argument(
        "--data-root",
        type=Path,
        default=Path(tempfile.gettempdir()) / "dashboard-benchmarks",
        help="where synthetic folders, logs and raw results go",
    )
    parser.add_argument(
        "--snapshot",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="measure a copy of the working tree taken at the start (default), so that "
        "edits made while it runs do not mix into one run",
    )
    parser.add_argument("--source-info", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--command-line", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.render:
        return render_saved(args.render, None if args.no_write else args.out)
    if args.snapshot:
        return run_in_snapshot(args, argv)
    args.sizes = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    args.runs = args.runs or (3 if args.quick else 5)
    args.timeout = args.timeout or (60.0 if args.quick else 120.0)
    args.budget = args.budget or (60.0 if args.quick else 300.0)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    profile_sizes = [parse_size(s) for s in args.profile.split(",") if s.strip()]
    args.data_root.mkdir(parents=True, exist_ok=True)
    logs = args.data_root / "logs"
    command = args.command_line or "python -m benchmarks " + " ".join(argv)
    source = json.loads(args.source_info) if args.source_info else source_info(ROOT)

    started = time.perf_counter()
    results: dict[str, dict] = {}  # by column label: real, 1k, 10k, 100k (else the spec)
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
    raw = args.data_root / "results.json"
    raw.write_text(
        json.dumps({"run": run_info, "results": results, "profiles": profiles}, indent=1)
    )
    print(report.render_table(results, run_info["labels"]))
    if not args.no_write:
        write_doc(args.out, run_info, results, profiles)
        progress(f"wrote {args.out}; raw results in {raw}")
    progress(f"the whole run took {elapsed / 60:.1f} min")
    return 0


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


def write_doc(out: Path, run_info: dict, results: dict, profiles: dict) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(compose(run_info, results, profiles), encoding="utf-8")


def render_saved(path: Path, out: Path | None) -> int:
    """Print the table of a saved results.json again and, unless out is None, rewrite the
    doc from it (e.g. after a change to the report's wording; nothing is measured)."""
    saved = json.loads(path.read_text(encoding="utf-8"))
    run_info, results = saved["run"], saved["results"]
    print(report.render_table(results, run_info["labels"]))
    if out is not None:
        write_doc(out, run_info, results, saved.get("profiles", {}))
        progress(f"wrote {out} from {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "generate":
        parser = argparse.ArgumentParser(prog="python -m benchmarks generate")
        parser.add_argument("folder", type=Path)
        parser.add_argument("--visits", type=int, default=2)
        parser.add_argument("--events", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=0)
        args = parser.parse_args(argv[1:])
        start = time.perf_counter()
        generate(args.folder, visits=args.visits, events=args.events, seed=args.seed)
        print(
            f"Wrote {args.visits} visit(s) with {args.events} events to {args.folder} in "
            f"{time.perf_counter() - start:.1f} s."
        )
        return 0
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
