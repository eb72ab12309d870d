"""The document docs/benchmarks.md: the prose around the results table of `report`.

`compose(run_info, results, profiles)` is the whole Markdown text: what was run and on which
code, the machine, the table with the targets, how to read it (`METHOD`), the hotspots and
how to run it again. `write_doc` writes it; `render_saved` rewrites it from a saved
results.json without measuring anything.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import report
from .measure import WARM_RUNS, WARMUP_RUNS
from .runner import progress

INTRO = (
    "Written by `benchmarks/` (do not edit by hand; rerun to update). How fast "
    "the pages are against the smallest Streamlit pages, from the real visit to 100,000 "
    "synthetic events, and how long a start takes with and without the stored copy of "
    "the checked tables. How many readers one server carries: "
    "[capacity.md](capacity.md).\n"
)
TARGETS = (
    "Targets: real data: every page's warm rerun ≤ 3× the one-element floor (and, the "
    "earlier target, ≤ 4× the trivial page), a filter click in the browser ≤ 1.5× the "
    "trivial page's click (and within 300 ms); 10k events: every page ≤ 10× the trivial "
    "page; 100k events: a cold start with unchanged files ≤ 3 s and a first start ever "
    "(no stored copy) ≤ 6 s to the first complete page, no page over 1 s warm, memory "
    "under 1 GiB. A cell with a target says met or **NOT MET**.\n"
)
HOTSPOTS = (
    "pyinstrument (1 ms sampling), in a process of its own per size, of one cold "
    "`load_dataset` and, for each page, of one rerun after a filter change (to a state "
    "no other run used: the work no cache saves) and one warm rerun, both made as "
    "above. Each line: a project "
    "function, its **own** share of the run (its code plus the library calls it "
    "makes directly, up to the next project function; the shares add up to at most "
    "100%), its inclusive share, and the library call that takes most of its own "
    "time. Profiled runs are slower than the medians above (sampling overhead, one "
    "run).\n"
)
RUNNING_IT = [
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

METHOD = """\
How to read it. Times are medians of the runs (n = {runs} unless a cell says otherwise: a
measurement stops early when one run times out after {timeout:.0f} s, or when its runs
together exceed {budget:.0f} s; warm reruns take {warm_runs} runs, after {warmups} untimed ones,
since they last milliseconds and a median of a few moves with the machine's other work).
**N×** is the ratio to the floor, the figure tracked.

- Floors: the trivial page `benchmarks/trivial_page.py` (`st.write("hello")`, a counting
  button and its text: three elements) and the one-element page
  `benchmarks/floor_page.py` (`st.write("floor")`), measured the same way in the same
  process, one run of each right after each page run; each page's ratios use its own
  interleaved floor samples. The one-element floor is the smaller, so its ratios are the
  larger.
- AppTest is made to rerun a script as `streamlit run` does (`as_the_server_runs` in
  `benchmarks/measure.py`), for the pages and the floors alike: one compiled copy of each
  script per process (AppTest compiles the scripts again on every run; the server once),
  and the `pages/` folder is not taken for Streamlit's automatic navigation again once
  `st.navigation` was called (AppTest resets that before every run, so each run of the
  app would first run the page through the folder's navigation and then rerun).
- Warm rerun (AppTest): `AppTest.from_file("app.py")`, `run()`, `switch_page(...)`,
  `run()`, then each timed `run()`. After a switch AppTest runs the page file alone, and
  the page would reuse the context the entrypoint left in session state; a real rerun
  runs the entrypoint too. So before each timed run the stored context
  (`ui.CONTEXT_KEY`) is dropped and the page's `ui.context()` recomputes it as the
  entrypoint does: cached load (file fingerprint), sidebar filters, filtering, the page.
- Where a warm rerun goes, and the least it could take: after the timed warm reruns,
  as many more are sampled (`benchmarks/share.py`): a thread looks at the script thread's
  stack every 0.5 ms and files each sample by the innermost frame of the project and what
  it called: *Streamlit* (inside a Streamlit command the project called: an element
  built, a widget registered, a message queued), *cache lookups* (`st.cache_data` and
  `st.cache_resource` hashing their arguments), *the project* (its own work, with the
  pandas and plotly it calls) and *run start and end* (no project frame on the stack).
  The bound is the warm rerun less the project's and the cache lookups' shares of it; the
  shares are of the script's time, which is less than the rerun's, so this takes away too
  much and the bound errs low. A bound over 3× the one-element floor means no work of
  the project's can bring the page to 3×: the rest is Streamlit building the page's
  elements. *Replayed*: the page's own messages (its deltas, captured from one more rerun)
  sent again by `benchmarks/replay_page.py`, computing nothing: what sending them costs,
  a small part of the bound (building the elements is the rest).
- Rerun after a filter change: as the warm rerun, after setting `f_day` and/or `f_topic`
  in session state (one day, one topic, or both) to a state no other run of the process
  used, so that no cache of filtered results answers it. Setting them while the stored
  context is kept changes nothing on the page; with it dropped, the sidebar's "Showing N
  of M events" changes (checked on every page). A warm rerun, by contrast, repeats the
  same state: whatever the app caches answers it.
- Cold start: a new Python process (`python -m benchmarks.measure --cold app`) that imports
  AppTest and runs `app.py` to its first complete page (Overview), timed by the parent from
  spawning it to its READY line: interpreter start, imports, loading the data, the page.
  *First ever*: with an empty folder of stored copies (`DASHBOARD_CACHE_DIR`, a new one
  per run): reading and validating every file, then storing the checked copy (in the
  time). *Unchanged files*: with the folder the first of those runs filled: hashing every
  input file, then reading the stored copy; the child reports which way it loaded, and a
  run that did not load the expected way is an error. Floor: the same for the trivial
  page.
- Where a cold start with unchanged files goes: the floor (interpreter, Streamlit,
  AppTest), plus what a new process importing the first page's modules
  (`--cold imports`: the package's UI, map, itinerary and overview modules, which bring
  pandas, pyarrow, plotly and pydeck) takes beyond the floor, plus reading the stored
  copy (the `stored.load` row), and the rest: the sidebar's filters and building the
  first page.
- Loading: `dashboard.data.loading.load_dataset(folder)` in the measuring process, no
  Streamlit cache and no stored copy (the first run of the process includes lazy imports).
  From the stored copy: `dashboard.data.stored.load(folder)` after one untimed call stored it
  (hashing every data and article file, checking and reading the copy).
- What a cold start spends beyond loading: the first complete page builds every piece
  of the Overview for the visit shown (see the Hotspots: at 100k events, the route map's
  label layout and the itinerary), and the process imports the app's libraries; the
  trivial page's cold start (the floor) is the interpreter, Streamlit and AppTest alone.
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
  text updates; the ratio row divides the two medians. The click divided: a script
  added to every page (`CLOCK` in `benchmarks/browser.py`) stamps, on the page's own
  clock, the pointer going down and each WebSocket message from the server after it, and
  the wait stamps the moment it sees the change; the first part runs to the server's last
  message before that moment (the rerun on the server and the messages' trip), the
  second is the browser drawing what they carry. Both servers run as `python -m
  benchmarks.served` (`streamlit run` with each script run timed on the server, from its
  start until its end is announced, Streamlit's garbage collection after it left out); the
  bound row takes from each click the script runs it caused and divides the median by the
  trivial page's whole click: what a click would take with no script run at all, so the
  least any page could reach. Server RSS: VmHWM of the server process.
- The code measured is a copy of the working tree taken when the run starts (app.py,
  pages, src, data, seeds...; `--no-snapshot` measures the tree in place), so edits made
  while the benchmarks run do not mix into one run.
- Synthetic folders: `benchmarks/generate.py`, seed {seed}; the pages show the first
  visit. `DASHBOARD_MAP_TILES=offline` for every process (no network check).
"""


def _run_line(run_info: dict) -> str:
    """The command, how long it took per size, and the load when each size started."""
    elapsed = run_info["elapsed"]
    per_size = ", ".join(
        f"{label} {minutes:.1f} min" for label, minutes in run_info["minutes_per_size"].items()
    )
    loads = ", ".join(
        f"{label} {value:.2f}" for label, value in run_info.get("load_average_at_start", {}).items()
    )
    return (
        f"Command: `{run_info['command']}`  \nThe whole run took {elapsed / 60:.1f} min "
        f"({per_size}; the rest is profiling). Load average (1 min) when each size "
        f"started: {loads or 'not recorded'}; other work on the machine shows up as noise.\n"
    )


def _code_measured(source: dict) -> str:
    measured = (
        f"Code measured: commit `{source.get('commit') or '?'}` ({source.get('subject', '')})"
    )
    if source.get("changed"):
        measured += " plus uncommitted changes to " + ", ".join(f"`{c}`" for c in source["changed"])
    return measured + f", copied at {source.get('taken', '?')}.\n"


def _method(run_info: dict, results: dict) -> str:
    """How to read the table, with this run's numbers filled in."""
    clicks = "; ".join(
        f"{label}: {', '.join(results[label]['plan'].get('click_labels') or ['none'])}"
        for label in run_info["labels"]
        if results.get(label, {}).get("plan")
    )
    return METHOD.format(
        runs=run_info["runs"],
        warm_runs=max(run_info["runs"], WARM_RUNS),
        warmups=WARMUP_RUNS,
        timeout=run_info["timeout"],
        budget=run_info["budget"],
        seed=run_info["seed"],
        click=clicks or "none",
    )


def compose(run_info: dict, results: dict, profiles: dict) -> str:
    labels = run_info["labels"]
    parts = [
        "# Benchmarks\n",
        INTRO,
        _run_line(run_info),
        _code_measured(run_info.get("source") or {}),
        "## Machine\n",
        report.machine_markdown(run_info["machine"]),
        "## Results\n",
        TARGETS,
        report.render_table(results, labels),
        _method(run_info, results),
    ]
    crashes = [label for label in labels if results.get(label, {}).get("crash")]
    if crashes:
        parts.append(f"The measuring process failed for: {', '.join(crashes)}.\n")
    if profiles:
        parts += ["## Hotspots\n", HOTSPOTS, report.hotspots_markdown(profiles)]
    parts += RUNNING_IT
    return "\n".join(parts)


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
