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

This module is the command line only: the runs are in `benchmarks.runner`, the document in
`benchmarks.document` (with the table in `benchmarks.report`).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from . import document, report, runner
from .generate import generate
from .measure import ROOT
from .runner import parse_size, progress

DEFAULT_SIZES = "real,1k,10k,100k"
QUICK_SIZES = "real,1k"


def build_parser() -> argparse.ArgumentParser:
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
    return parser


def apply_defaults(args: argparse.Namespace) -> None:
    """Fill in what was not given: the full run, or the --quick one."""
    args.sizes = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    args.runs = args.runs or (3 if args.quick else 5)
    args.timeout = args.timeout or (60.0 if args.quick else 120.0)
    args.budget = args.budget or (60.0 if args.quick else 300.0)


def parse_sizes(specs: str) -> list[runner.Size]:
    return [parse_size(s) for s in specs.split(",") if s.strip()]


def run(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.render:
        return document.render_saved(args.render, None if args.no_write else args.out)
    if args.snapshot:
        return runner.run_in_snapshot(args, argv)
    apply_defaults(args)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    sizes, profile_sizes = parse_sizes(args.sizes), parse_sizes(args.profile)
    args.data_root.mkdir(parents=True, exist_ok=True)
    command = args.command_line or "python -m benchmarks " + " ".join(argv)
    source = json.loads(args.source_info) if args.source_info else runner.source_info(ROOT)

    run_info, results, profiles = runner.measure_all(sizes, profile_sizes, args, command, source)
    raw = runner.save_results(args.data_root, run_info, results, profiles)
    print(report.render_table(results, run_info["labels"]))
    if not args.no_write:
        document.write_doc(args.out, run_info, results, profiles)
        progress(f"wrote {args.out}; raw results in {raw}")
    progress(f"the whole run took {run_info['elapsed'] / 60:.1f} min")
    return 0


def run_generate(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks generate")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--visits", type=int, default=2)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    generate(args.folder, visits=args.visits, events=args.events, seed=args.seed)
    print(
        f"Wrote {args.visits} visit(s) with {args.events} events to {args.folder} in "
        f"{time.perf_counter() - start:.1f} s."
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "generate":
        return run_generate(argv[1:])
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
