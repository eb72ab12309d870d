"""The load test's own parts: the messages its locust users send and read, its percentiles,
its table and what it says of it (the doc's blocks). No server, no timing asserted (the run
itself writes docs/capacity.md); importing the module needs neither locust nor gevent."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `benchmarks/` lives beside `src/`, not in the package
    sys.path.insert(0, str(ROOT))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from benchmarks import capacity  # noqa: E402


def test_a_rerun_message_carries_the_changed_widget_state():
    data = capacity.rerun_message({"$$ID-pills-f_day": ["Sun 4 Jan"]}, page_hash="abc")
    msg = BackMsg()
    msg.ParseFromString(data)
    assert msg.WhichOneof("type") == "rerun_script"
    state = msg.rerun_script
    assert state.page_script_hash == "abc" and state.query_string == ""
    (widget,) = state.widget_states.widgets
    assert widget.id == "$$ID-pills-f_day"
    assert list(widget.string_array_value.data) == ["Sun 4 Jan"]
    empty = BackMsg()
    empty.ParseFromString(capacity.rerun_message())
    assert empty.WhichOneof("type") == "rerun_script"
    assert not empty.rerun_script.widget_states.widgets


def _forward(**build) -> bytes:
    msg = ForwardMsg()
    if "pills" in build:
        label, widget_id, options = build["pills"]
        group = msg.delta.new_element.button_group
        group.label, group.id = label, widget_id
        for option in options:
            group.options.add().content = option
    elif "exception" in build:
        msg.delta.new_element.exception.message = build["exception"]
    elif "finished" in build:
        msg.script_finished = ForwardMsg.ScriptFinishedStatus.Value(build["finished"])
    elif "new_session" in build:
        msg.new_session.page_script_hash = build["new_session"]
    return msg.SerializeToString()


def test_reading_a_run_finds_the_pills_the_page_hash_and_the_end():
    seen = capacity.RunSeen()
    assert not capacity.read_forward(_forward(new_session="page-1"), seen)
    assert not capacity.read_forward(_forward(pills=("Day", "id-day", ["Sun", "Mon"])), seen)
    assert not capacity.read_forward(_forward(pills=("Topic", "id-topic", ["Trade"])), seen)
    assert capacity.read_forward(_forward(finished="FINISHED_SUCCESSFULLY"), seen)
    assert seen.page_hash == "page-1"
    assert seen.pills == {"Day": ("id-day", ["Sun", "Mon"]), "Topic": ("id-topic", ["Trade"])}
    assert seen.error() is None


def test_a_run_with_an_exception_or_a_bad_end_is_an_error():
    shown = capacity.RunSeen()
    capacity.read_forward(_forward(exception="KeyError: 'x'"), shown)
    capacity.read_forward(_forward(finished="FINISHED_SUCCESSFULLY"), shown)
    assert shown.error() == "exception on the page: KeyError: 'x'"
    broken = capacity.RunSeen()
    capacity.read_forward(_forward(finished="FINISHED_WITH_COMPILE_ERROR"), broken)
    assert broken.error() == "run ended FINISHED_WITH_COMPILE_ERROR"


def test_percentiles_by_nearest_rank():
    samples = [float(x) for x in range(1, 101)]  # 1..100
    assert capacity.percentile(samples, 50) == 50.0
    assert capacity.percentile(samples, 95) == 95.0
    assert capacity.percentile(samples, 100) == 100.0
    assert capacity.percentile([3.0, 1.0, 2.0], 95) == 3.0
    assert capacity.percentile([7.0], 50) == 7.0
    assert capacity.percentile([], 95) is None


def _level(n: int, reruns: list[float], errors: list[str], rss=(180.0, 200.0, 190.0)):
    return capacity.Level(
        sessions=n,
        first_pages=[0.5] * n,
        reruns=reruns,
        errors=errors,
        clicks=[(100.0, 105.0), (103.0, 110.0)],  # 10 s from the first click to the last end
        cpu_mean=0.8,
        cpu_peak=1.0,
        rss_before=rss[0],
        rss_open=rss[1],
        rss_after=rss[2],
    )


def test_the_table_has_a_row_per_level_with_its_figures():
    levels = [
        _level(10, [0.1] * 50, []),
        _level(50, [0.2] * 240, ["timeout"] * 7 + ["run ended X"], rss=(190.0, 240.0, 230.0)),
    ]
    table = capacity.doc_blocks(levels, ["results"], reruns=5)["results"]
    lines = table.strip().splitlines()
    assert lines[0].startswith("| Sessions | First page, median / p95 | Rerun after a filter click, median / p95 |")
    assert len(lines) == 4 and all(line.count("|") == 11 for line in lines)
    first = lines[2].removeprefix("| ").removesuffix(" |").split(" | ")
    assert first[0] == "10"
    assert first[2] == "100 ms / 100 ms"
    assert first[3] == "50 of 50" and first[4] == "0"
    assert first[5] == "5.0"  # 50 reruns in 10 s
    assert first[6] == "80 % / 100 %"
    assert first[8] == "2.00 MB"  # (200 - 180) / 10
    assert first[9] == "190 MB (50 % of the growth returned)"
    second = lines[3].removeprefix("| ").removesuffix(" |").split(" | ")
    assert second[3] == "240 of 250"
    assert second[4] == "8: 7× timeout"  # the count and the most common error


def test_what_it_means_is_computed_from_the_levels():
    levels = [_level(10, [0.1] * 50, []), _level(200, [2.0] * 900, ["timeout"], rss=(180.0, 260.0, 180.0))]
    text = capacity.doc_blocks(levels, ["meaning"], reruns=5)["meaning"]
    assert (
        "10 readers each clicking a filter every 0.5–1.5 s: median 100 ms, p95 100 ms (within 1 s at the 95th percentile)"
        in text
    )
    assert "200 readers" in text and "slower than 1 s at the 95th percentile" in text
    assert "1 errors" in text
    assert "180 MB with the data loaded" in text
    assert "at most 2.00 MB more per open session (260 MB with 200 open)" in text
    assert "fell by 50 % to 100 % of what they had added" in text
    assert text.count("\n- ") == 4 and text.endswith("started from.\n")  # a line each: CPU, 2 levels, memory, after


def test_levels_are_checked():
    with pytest.raises(SystemExit):
        capacity.main(["--sessions", "0"])
    with pytest.raises(SystemExit):
        capacity.main(["--sessions", "10000"])


def test_the_module_needs_no_locust_until_it_runs_and_reads_proc():
    """The unit tier imports the load test's own parts without locust (and without gevent's
    patching of this process); the server's CPU and memory come from /proc."""
    import os
    import subprocess

    code = "import sys, benchmarks.capacity; print('locust' in sys.modules, 'gevent' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["False", "False"], done.stderr[-2000:]
    rss, peak = capacity.status_mb(os.getpid()), capacity.status_mb(os.getpid(), "VmHWM")
    assert 0 < rss <= peak and capacity.cpu_seconds(os.getpid()) > 0


def test_the_run_block_names_the_command_and_settings(tmp_path):
    levels = [_level(10, [0.1], []), _level(50, [0.1], [])]
    levels[0].load_average, levels[1].load_average = 0.25, 1.5
    block = capacity.doc_blocks(levels, ["run"], command="python -m benchmarks.capacity --sessions 10,50",
                                data=tmp_path / "data", elapsed=90.0, reruns=5)["run"]  # fmt: skip
    assert block.startswith("Command: `python -m benchmarks.capacity --sessions 10,50`")
    assert "took 1.5 min" in block and "10 sessions 0.25, 50 sessions 1.50" in block
    assert "5 filter clicks per session, 0.5–1.5 s before each, 120 s timeout per rerun" in block
