"""The benchmark tooling, without timing assertions: the generator is deterministic, writes
the counts asked for and a folder that validates; the table shows the expected columns and
marks; the harness runs end to end on a tiny folder; and the app's cache keeps a rerun from
reading the data files again (the regression the benchmarks rely on)."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import available_timezones

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `benchmarks/` lives beside `src/`, not in the package
    sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from benchmarks import report  # noqa: E402
from benchmarks.generate import generate, split_events  # noqa: E402
from benchmarks.measure import discover_pages  # noqa: E402
from benchmarks.runner import parse_size  # noqa: E402
from dashboard import ui  # noqa: E402
from dashboard.data import loading  # noqa: E402
from dashboard.data.loading import DATA_DIR_ENV, load_dataset  # noqa: E402
from dashboard.data.schema import PALETTE, TABLES  # noqa: E402
from dashboard.ui import cache  # noqa: E402
from tests import harness  # noqa: E402


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _rows(folder: Path, table: str) -> list[dict[str, str]]:
    rows = []
    for visit in sorted(p for p in folder.iterdir() if p.is_dir()):
        with (visit / f"{table}.csv").open(encoding="utf-8", newline="") as f:
            rows += list(csv.DictReader(f))
    return rows


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    return generate(tmp_path_factory.mktemp("synthetic"), visits=2, events=200, seed=7)


# ---------------------------------------------------------------------------------------
# The generator


def test_same_seed_writes_identical_files(tmp_path, small):
    again = generate(tmp_path / "again", visits=2, events=200, seed=7)
    assert _files(again) == _files(small)


def test_another_seed_writes_other_data(tmp_path, small):
    other = generate(tmp_path / "other", visits=2, events=200, seed=8)
    assert _files(other).keys() == _files(small).keys()
    assert _files(other) != _files(small)


def test_counts_are_the_ones_asked_for(small):
    visits = sorted(p for p in small.iterdir() if p.is_dir())
    assert len(visits) == 2
    for visit in visits:
        assert {f"{name}.csv" for name in TABLES} <= {p.name for p in visit.iterdir()}
    events = _rows(small, "events")
    assert len(events) == 200
    assert [sum(e["visit_id"] == v.name for e in events) for v in visits] == [100, 100]
    assert len(_rows(small, "issue_cards")) == 10  # one per 20 events
    assert split_events(1001, 2) == [501, 500]


def test_generated_folder_validates_and_exercises_the_pages(small):
    dataset = load_dataset(small)  # raises DataError listing every problem
    events = dataset.events
    assert len(events) == 200
    assert len(dataset.visits) == 2
    assert events["background"].any() and (~events["background"]).any()
    assert {"day", "range"} <= set(events["date_precision"].astype(str))
    assert len(set(events.loc[events["background"], "date_precision"].astype(str))) >= 3
    assert events["time_local"].fillna("").ne("").any()
    assert events["place_id"].fillna("").eq("").any()  # events with no place
    assert any(len(r) for r in dataset.issue_cards["related_events"])
    assert set(dataset.topics["colour"]) <= set(PALETTE)
    zones = set(dataset.places["timezone"].dropna()) - {""}
    assert zones and zones <= available_timezones()
    assert dataset.places["lat"].between(-90, 90).all()
    assert dataset.places["lon"].between(-180, 180).all()
    assert any(" | " in q for q in dataset.events["quote"])  # multi-span quotes


def test_size_specs():
    assert parse_size("real").events is None
    assert (parse_size("1k").events, parse_size("1k").visits) == (1_000, 2)
    assert (parse_size("100k").events, parse_size("100k").visits) == (100_000, 10)
    assert (parse_size("100kx2").visits, parse_size("100kx2").label) == (2, "100kx2")
    assert parse_size("10k").label == "10k"


def test_pages_are_found_by_what_app_py_declares(tmp_path):
    app = tmp_path / "app.py"
    app.write_text(
        "pages = [\n"
        '    st.Page("pages/overview.py", title="Overview", default=True),\n'
        '    st.Page("pages/map.py", title="Route map", url_path="map"),\n'
        '    st.Page(\n        "pages/timeline.py", title="Timeline", url_path="timeline"\n    ),\n'
        '    st.Page("pages/issues.py", title="Issues"),\n'
        "    st.Page('pages/sources.py', title='Sources & data', url_path='sources'),\n"
        "]\n"
    )
    pages = discover_pages(app)
    assert list(pages) == ["overview", "route_map", "timeline", "issues", "sources"]
    assert (pages["issues"].file, pages["issues"].url_path) == ("pages/issues.py", "issues")
    assert (pages["route_map"].url_path, pages["timeline"].file) == (
        "map",
        "pages/timeline.py",
    )
    real = discover_pages()  # the project's own app.py declares all five
    assert all((ROOT / page.file).is_file() for page in real.values())


# ---------------------------------------------------------------------------------------
# The table


def _m(*ms: float, status: str = "ok") -> dict:
    return {"samples": [x / 1000 for x in ms], "status": status, "error": None}


def _fake(warm_ms: float, floor_ms: float, status: str = "ok") -> dict:
    samples = [] if status == "timeout" else [warm_ms] * 5
    return {
        "meta": {
            "visits": 2,
            "events": 1000,
            "events_shown": 500,
            "cards_shown": 25,
            "runs": 5,
            "timeout": 120,
        },
        "load": _m(200, 210, 190, 205, 200),
        "peak_rss_mb": 900.0,
        "pages": {
            page: {
                "warm": {"samples": [x / 1000 for x in samples], "status": status, "error": None},
                "filter": _m(*[warm_ms * 1.2] * 5),
                "floor": _m(*[floor_ms] * 10),
            }
            for page in report.PAGE_ORDER
        },
        "cold": {"app": _m(2000, 2100, 1900), "floor": _m(600, 650, 610)},
        "browser": {
            "nav": _m(1500, 1600, 1400),
            "nav_floor": _m(700, 800, 750),
            "click": _m(250, 260, 240),
            "click_floor": _m(110, 120, 100),
            "server_rss_mb": 200.0,
            "floor_server_rss_mb": 70.0,
        },
    }


def test_table_has_a_column_per_size_and_marks_the_targets():
    results = {
        "real": _fake(warm_ms=6, floor_ms=2),  # 3x floor: met; click 250 ms: met
        "1k": _fake(warm_ms=60, floor_ms=2),  # no target
        "10k": _fake(warm_ms=60, floor_ms=2),  # 30x floor: NOT MET
        "100k": _fake(warm_ms=0, floor_ms=2, status="timeout"),  # timeout: NOT MET
    }
    table = report.render_table(results, ["real", "1k", "10k", "100k"])
    lines = table.strip().splitlines()
    assert lines[0] == "| Measurement | Target | real | 1k | 10k | 100k |"
    assert lines[1] == "|---|---|---|---|---|---|"
    assert all(line.count("|") == 7 for line in lines)  # one cell per column on every row
    cells = [line.removeprefix("| ").removesuffix(" |").split(" | ") for line in lines[2:]]
    rows = {c[0]: c[2:] for c in cells}
    warm = rows["Warm rerun: issues (× its floor)"]
    assert warm[0] == "6.0 ms · **3.0×** met"
    assert "met" not in warm[1] and "**30.0×**" in warm[1]
    assert warm[2].endswith("**NOT MET**")
    assert warm[3].startswith("timeout > 120 s") and warm[3].endswith("**NOT MET**")
    for page in report.PAGE_ORDER:
        assert f"Warm rerun: {page} (× its floor)" in rows
        assert f"Rerun after a filter change: {page} (× its floor)" in rows
    click = rows[next(r for r in rows if r.startswith("Browser: filter pill click"))]
    assert click[0].endswith(" met") and "NOT MET" not in click[0]
    memory = rows["Peak RSS of the measuring process (AppTest, all pages)"]
    assert memory[3] == "900 MB met" and memory[0] == "900 MB"
    assert any(r.startswith("Cold start") for r in rows)
    assert any(r.startswith("Load + validate") for r in rows)


def test_table_marks_the_one_element_floor_cold_starts_and_click_ratio():
    real = _fake(warm_ms=6, floor_ms=3)
    for page in real["pages"].values():
        page["floor1"] = _m(*[1.5] * 10)  # 6 ms is 4x the one-element floor: NOT MET
    big = _fake(warm_ms=60, floor_ms=3)
    big["cold"] = {
        "app": _m(5000, 5500, 5200),  # first start ever: met (<= 6 s)
        "stored": _m(3100, 3200, 3300),  # unchanged files: NOT MET (> 3 s)
        "floor": _m(600, 650, 610),
        "imports": _m(1000, 1010, 990),  # a process that only imports the first page's
    }
    big["stored_load"] = _m(500, 500, 500)
    real["browser"]["click"] = _m(150, 160, 140)  # 150 / 110 ms: 1.36x, met
    real["browser"]["click_split"] = [
        {"reply": 40.0, "render": 100.0, "messages": 30},
        {"reply": 50.0, "render": 120.0, "messages": 31},
        {"reply": 60.0, "render": 110.0, "messages": 30},
    ]
    real["browser"]["click_floor_split"] = [{"reply": 20.0, "render": 80.0, "messages": 4}]
    table = report.render_table({"real": real, "100k": big}, ["real", "100k"])
    cells = [
        line.removeprefix("| ").removesuffix(" |").split(" | ")
        for line in table.strip().splitlines()[2:]
    ]
    rows = {c[0]: c[2:] for c in cells}
    assert rows["Floor: one-element page (`st.write`), warm rerun (AppTest, all samples)"] == [
        "1.5 ms",
        "–",  # no one-element floor measured for 100k here
    ]
    one = rows["Warm rerun: issues (× the one-element floor)"]
    assert one == ["6.0 ms · **4.0×** **NOT MET**", "–"]
    assert rows["Warm rerun: issues (× its floor)"][0] == "6.0 ms · **2.0×** met"
    first = rows[next(r for r in rows if r.startswith("Cold start, first ever"))]
    stored = rows[next(r for r in rows if r.startswith("Cold start, unchanged files"))]
    assert first[1].endswith(" met") and stored[1].endswith("**NOT MET**")
    assert "met" not in first[0].lower()  # the 100k targets mark only the 100k column
    parts = rows[next(r for r in rows if r.startswith("Cold start, unchanged files: where"))]
    assert parts == [
        "–",  # no cold start measured for the real data here
        "floor 610 ms + the app's imports 390 ms + the stored copy 500 ms + filters and "
        "first page 1.70 s",  # 3.20 s - 0.61 - 0.39 - 0.50
    ]
    ratio = rows["Browser: filter pill click ÷ the trivial page's click (medians)"]
    assert ratio[0] == "**1.36×** met" and "MET" not in ratio[1]
    divided = rows[next(r for r in rows if r.startswith("Browser: the filter click divided"))]
    assert divided[0] == "50 ms + 110 ms (trivial page: 20 ms + 80 ms)"


def test_table_shows_a_missing_browser_and_fewer_runs():
    result = _fake(warm_ms=10, floor_ms=2)
    del result["browser"]
    result["pages"]["sources"]["warm"] = _m(900, 1100)  # stopped by the time budget
    table = report.render_table({"1k": result}, ["1k"])
    assert "not run" in table
    assert "1.00 s · **500.0×** (n=2: time budget)" in table


# ---------------------------------------------------------------------------------------
# The harness, end to end on a tiny folder (a second or two; no timing asserted)


def test_measure_runs_on_a_tiny_folder(tmp_path, monkeypatch):
    from benchmarks import measure

    folder = generate(tmp_path / "tiny", visits=2, events=40, seed=1)
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    monkeypatch.setenv("DASHBOARD_MAP_TILES", "offline")
    # Fewer warm reruns than a real run takes (21 after 3 untimed): still more than `runs`,
    # so the counts below tell WARM_RUNS from runs.
    monkeypatch.setattr(measure, "WARM_RUNS", 3)
    monkeypatch.setattr(measure, "WARMUP_RUNS", 1)
    out = measure.run_measure(folder, runs=1, timeout=60, budget=60, pages=["issues"])
    issues = out["pages"]["issues"]
    assert out["load"]["status"] == "ok" and len(out["load"]["samples"]) == 1
    stored = out["stored_load"]  # read from the stored copy, once per run
    assert stored["status"] == "ok", stored
    assert len(stored["samples"]) == 1
    assert issues["warm"]["status"] == "ok", issues["warm"]
    assert issues["filter"]["status"] == "ok", issues["filter"]
    # Warm reruns take at least WARM_RUNS samples; one floor run after each page run.
    assert len(issues["warm"]["samples"]) == measure.WARM_RUNS
    assert len(issues["filter"]["samples"]) == 1
    # ... and after each replay run (the page's own elements sent again, nothing computed).
    assert len(issues["replay"]["samples"]) == measure.WARM_RUNS
    assert len(issues["floor"]["samples"]) == 2 * measure.WARM_RUNS + 1
    assert len(issues["floor1"]["samples"]) == 2 * measure.WARM_RUNS + 1  # one-element
    assert issues["elements"] > 10  # the cards page draws more than a few elements
    # The sampled reruns: most samples fall in the project's code or in Streamlit's.
    share = issues["share"]
    assert share["runs"] == measure.WARM_RUNS and sum(share["counts"].values()) > 0
    assert abs(sum(share["shares"].values()) - 1) < 1e-9
    assert issues["filter_changed_view"] is True
    assert out["plan"]["events_shown"] == 20 and out["peak_rss_mb"] > 0
    table = report.render_table({"tiny": {"meta": {"runs": 1}, **out}}, ["tiny"])
    assert "Warm rerun: issues" in table
    assert "elements replayed" in table and "bound ≥" in table


# ---------------------------------------------------------------------------------------
# The server harness: a server that never becomes healthy is a plain error with its log


def _fake_python(tmp_path: Path, body: str) -> Path:
    """An executable that stands in for `python -m streamlit run ...`."""
    script = tmp_path / "fake-python"
    script.write_text(f"#!/bin/sh\necho 'fake server starting'\n{body}\n")
    script.chmod(0o755)
    return script


def test_a_server_that_exits_raises_with_the_end_of_its_log(tmp_path):
    server = harness.StreamlitServer(
        "app.py",
        cwd=tmp_path,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        log_path=tmp_path / "logs" / "server.log",
        python=_fake_python(tmp_path, "exit 3"),
    )
    with pytest.raises(harness.ServerError) as caught:
        server.start()
    first, *rest = str(caught.value).splitlines()
    assert first.startswith(f"streamlit run app.py on port {server.port} exited with 3")
    assert "fake server starting" in rest
    assert server.process.poll() == 3


def test_a_server_that_never_answers_times_out_and_is_stopped(tmp_path):
    server = harness.StreamlitServer(
        "app.py",
        cwd=tmp_path,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        log_path=tmp_path / "server.log",
        python=_fake_python(tmp_path, "exec sleep 60"),
        timeout=0.5,
    )
    with pytest.raises(harness.ServerError, match="was not healthy after 0.5 s"):
        with server:
            pass
    assert server.process.poll() is not None  # terminated by its PID, not left running
    assert server.command[1:4] == ["-m", "streamlit", "run"]
    assert "--server.address" in server.command and "127.0.0.1" in server.command


# ---------------------------------------------------------------------------------------
# Caching: a rerun must not read the data again


def test_a_rerun_reads_no_data_file(monkeypatch):
    data_dir = ROOT / "data"
    watched = (data_dir.resolve(), (ROOT / "seeds").resolve())
    monkeypatch.setenv(DATA_DIR_ENV, str(data_dir))
    monkeypatch.setenv("DASHBOARD_MAP_TILES", "offline")
    reads: list[str] = []
    tables: list[str] = []
    original_read_bytes = Path.read_bytes
    original_read_text = Path.read_text
    original_read_table = loading.read_table

    def watch(path: Path) -> None:
        path = Path(path).resolve()
        if any(path.is_relative_to(w) for w in watched):
            reads.append(path.name)

    def read_bytes(self):
        watch(self)
        return original_read_bytes(self)

    def read_text(self, *args, **kwargs):
        watch(self)
        return original_read_text(self, *args, **kwargs)

    def read_table(path, *args, **kwargs):
        tables.append(Path(path).name)
        return original_read_table(path, *args, **kwargs)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(Path, "read_text", read_text)
    monkeypatch.setattr(loading, "read_table", read_table)
    cache.clear()  # cold caches, so the first run shows the spies work

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert "events.csv" in tables and "events.csv" in reads
    assert any(name.endswith(".txt") for name in reads)  # the article
    assert any(name.endswith(".meta.json") for name in reads)  # its record, for the footer

    reads.clear()
    tables.clear()
    at.run()
    at.switch_page(discover_pages()["issues"].file).run()
    del at.session_state[ui.CONTEXT_KEY]  # the page recomputes its context: ui.load() again
    at.run()
    assert not at.exception
    assert reads == [] and tables == []


# ---------------------------------------------------------------------------------------
# The sampled shares: a sample is filed by the project's innermost frame and its callee


class _Code:
    def __init__(self, file: str) -> None:
        self.co_filename = file


class _Frame:
    def __init__(self, file: str, back=None) -> None:
        self.f_code, self.f_back = _Code(file), back


def _stack(*files: str) -> _Frame:
    """Frames from the outermost to the innermost; returns the innermost."""
    frame = None
    for file in files:
        frame = _Frame(file, frame)
    return frame


def test_a_sample_is_filed_by_what_the_project_called():
    from benchmarks import share

    app, page = str(ROOT / "app.py"), str(ROOT / "pages" / "issues_page.py")
    lib = "/usr/lib/python3.11/site-packages"
    runner = f"{lib}/streamlit/runtime/scriptrunner/script_runner.py"
    element = f"{lib}/streamlit/elements/markdown.py"
    cache = f"{lib}/streamlit/runtime/caching/cache_utils.py"
    pandas = f"{lib}/pandas/core/frame.py"
    assert share._kind(_stack(runner)) == "runner"
    assert share._kind(_stack(runner, app, element, f"{lib}/google/protobuf/x.py")) == "streamlit"
    assert share._kind(_stack(runner, app, cache)) == "cache"
    assert share._kind(_stack(runner, app, runner, page, pandas)) == "project"
    assert share._kind(_stack(runner, app, runner, page)) == "project"
    # The project's code called back from a Streamlit cache is the project's work.
    assert share._kind(_stack(runner, app, cache, page, pandas)) == "project"


def test_a_stack_that_cannot_be_read_is_skipped_not_filed():
    """Another thread's frame, read while it is left, was once another object (a
    RunDescriptor): the sampler died and the page's shares were all 0 %."""
    from benchmarks import share

    class NotAFrame:
        pass

    lib = "/usr/lib/python3.11/site-packages"
    runner = f"{lib}/streamlit/runtime/scriptrunner/script_runner.py"
    assert share._kind(NotAFrame()) is None
    broken = _stack(runner, str(ROOT / "app.py"))
    broken.f_back.f_back = NotAFrame()  # the outermost frame's caller is not a frame
    broken = _Frame(f"{lib}/streamlit/elements/markdown.py", broken)
    assert share._kind(broken) == "streamlit"  # the project frame was found first
    assert share._kind(_Frame(runner, NotAFrame())) is None


def test_a_page_with_no_samples_says_so_instead_of_zero_shares():
    shares = dict.fromkeys(("streamlit", "cache", "project", "runner"), 0.0)
    counts = dict.fromkeys(shares, 0)
    results = {
        "100k": {
            "pages": {
                "issues": {
                    "warm": _m(20, 21, 22),
                    "floor1": _m(4, 4, 4),
                    "share": {"counts": counts, "shares": shares, "runs": 21},
                }
            }
        }
    }
    cell = report._bound_cell(results, "100k", "issues")
    assert cell == "not sampled: no sample of the rerun was taken"


def test_a_page_that_fails_is_measured_as_an_error(monkeypatch, tmp_path):
    """The measuring process lets a page's error through (`at.exception`), so the reader's
    plain message is never timed as if it were the page."""
    from benchmarks import measure
    from dashboard.ui.render import DEBUG_ENV

    seen = {}

    def run_measure(*args, **kwargs):
        seen["debug"] = os.environ.get(DEBUG_ENV)
        return {}

    monkeypatch.delenv(DEBUG_ENV, raising=False)
    # main() sets the data folder in the environment: monkeypatch puts it back after.
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    monkeypatch.setattr(measure, "run_measure", run_measure)
    out = tmp_path / "out.json"
    assert measure.main(["--data", str(tmp_path), "--json", str(out)]) == 0
    assert seen["debug"] == "1"


def test_the_cold_floor_process_imports_nothing_of_the_app():
    """The trivial page's cold start is the floor the app's is divided by: its process
    must not import the app's modules (pandas, pyarrow, the dashboard) on the way."""
    code = (
        "import sys\n"
        "from benchmarks import measure\n"
        "measure.main(['--cold', 'trivial'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dashboard', 'pandas')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines()[-2:] == ["READY", "[]"], done.stdout


def test_the_bound_takes_away_the_project_and_its_cache_lookups():
    from benchmarks import share

    summary = {"shares": {"streamlit": 0.6, "cache": 0.05, "project": 0.25, "runner": 0.1}}
    assert share.bound(0.020, summary) == pytest.approx(0.014)


def test_the_served_server_writes_each_script_run(tmp_path, monkeypatch):
    """`benchmarks.served` times a script run until its end is announced, and the browser
    timing reads back what one click added."""
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    from benchmarks import browser, served

    for name in ("_run_script", "_on_script_finished"):  # restored after the test
        monkeypatch.setattr(LocalScriptRunner, name, getattr(LocalScriptRunner, name))
    runs = tmp_path / "runs.json"
    assert served.read_runs(runs) == []  # nothing written yet
    served.install(served.RunLog(runs), LocalScriptRunner)
    at = AppTest.from_file(str(ROOT / "benchmarks" / "trivial_page.py"))
    at.run()
    at.button[0].click().run()
    written = served.read_runs(runs)
    assert len(written) == 2 and all(0 < s < 60 for s in written)
    assert not list(tmp_path.glob("*.part"))  # each write replaced the file whole

    scripts: list[float] = []
    browser._keep_script(runs, 1, scripts)  # the click came after the first run
    assert scripts == [written[1]]


def test_the_click_bound_takes_the_script_away_click_by_click():
    real = _fake(warm_ms=6, floor_ms=3)
    real["browser"]["click"] = _m(300, 320, 280)
    real["browser"]["click_script"] = [0.100, 0.140, 0.060]  # leaves 200, 180, 220 ms
    real["browser"]["click_floor"] = _m(150, 160, 140)
    other = _fake(warm_ms=6, floor_ms=3)
    other["browser"]["click_script"] = [0.1]  # not one per click: no cell
    table = report.render_table({"real": real, "1k": other}, ["real", "1k"])
    line = next(x for x in table.splitlines() if "less the server's script runs" in x)
    cells = line.removeprefix("| ").removesuffix(" |").split(" | ")[2:]
    assert cells == ["1.33× (200 ms once the script's 100 ms is taken away)", "–"]


def test_a_size_whose_measuring_process_died_says_so_and_the_table_still_renders():
    from benchmarks import runner

    assert runner.ended(-11) == "ended by SIGSEGV" and runner.ended(1) == "exit code 1"
    real = _fake(warm_ms=6, floor_ms=3)
    dead = {"meta": {"visits": None, "events": 1000}, "crash": "no output (ended by SIGSEGV)"}
    table = report.render_table({"real": real, "1k": dead}, ["real", "1k"])
    line = next(x for x in table.splitlines() if x.startswith("| Data folder"))
    assert line.endswith(
        "| ? visit(s), 1,000 events; not measured (no output (ended by SIGSEGV)) |"
    )
