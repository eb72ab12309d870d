"""The results as one Markdown table, with the targets beside the figures, the machine they
were measured on, and the hotspots of the profiles.

Every measurement is a dict `{"samples": [seconds, ...], "status": "ok" | "timeout" |
"budget" | "error" | "skipped", "error": str | None}`; a cell shows the median of the
samples. The results of one size are:

    {
      "meta": {"visits", "events", "events_shown", "cards_shown", "runs", "timeout"},
      "load": M, "stored_load": M, "peak_rss_mb": float,
      "pages": {page: {"warm": M, "filter": M, "floor": M, "floor1": M, "replay": M,
                       "elements": int, "share": benchmarks.share summary}},
      "cold": {"app": M, "stored": M, "floor": M, "imports": M},
      "browser": {"nav": M, "nav_floor": M, "click": M, "click_floor": M,
                  "click_split": [{"reply": ms, "render": ms, "messages": n}, ...],
                  "click_floor_split": [...],
                  "click_script": [s, ...], "click_floor_script": [s, ...],
                  "server_rss_mb": float, "floor_server_rss_mb": float}  # or absent
    }
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

PAGE_ORDER = ("overview", "route_map", "timeline", "issues", "sources")
COLUMNS = ("Measurement", "Target")
MB_PER_GIB = 1024

# The targets, by size label. A cell is marked only where its size has a target.
WARM_RATIO = {"real": 4.0, "10k": 10.0}  # warm rerun <= N x floor
WARM_SECONDS = {"100k": 1.0}  # no page over 1 s warm
CLICK_SECONDS = {"real": 0.3}  # a filter click updates the cards within 300 ms
RSS_MB = {"100k": float(MB_PER_GIB)}  # memory under 1 GB
WARM1_RATIO = {"real": 3.0}  # warm rerun <= N x the one-element floor
CLICK_RATIO = {"real": 1.5}  # a filter click <= N x the trivial page's click
COLD_SECONDS = {"100k": 6.0}  # a first start ever, no stored copy
STORED_SECONDS = {"100k": 3.0}  # a start with unchanged files, from the stored copy


def median(measure: dict | None) -> float | None:
    if not measure or not measure.get("samples"):
        return None
    return statistics.median(measure["samples"])


def fmt_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds < 0.01:
        return f"{seconds * 1000:.1f} ms"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 100:
        return f"{seconds:.2f} s"
    return f"{seconds:.0f} s"


def _annotation(measure: dict, runs: int | None, timeout: float | None) -> str:
    """What a reader must know about a median: fewer runs, a timeout, an error."""
    n = len(measure.get("samples", []))
    status = measure.get("status", "ok")
    if status == "timeout":
        limit = f" > {timeout:.0f} s" if timeout else ""
        return f" (n={n}, then timeout{limit})" if n else f"timeout{limit}"
    if status == "error":
        error = (measure.get("error") or "error").replace("|", "/")
        return f" (n={n}; error: {error[:80]})" if n else f"error: {error[:80]}"
    if status == "skipped":
        return "skipped"
    if runs and n < runs:
        return f" (n={n}: time budget)"
    return ""


def _cell(measure: dict | None, runs, timeout, floor: dict | None = None) -> str:
    if measure is None:
        return "–"
    value = median(measure)
    note = _annotation(measure, runs, timeout)
    if value is None:
        return note or "–"
    text = fmt_seconds(value)
    base = median(floor) if floor is not None else None
    if base:
        text += f" · **{value / base:.1f}×**"
    return text + note


def _mark(ok: bool | None) -> str:
    if ok is None:
        return ""
    return " met" if ok else " **NOT MET**"


def _failed(measure: dict | None) -> bool:
    return bool(measure) and measure.get("status") in ("timeout", "error")


def _warm_mark(size: str, page: dict) -> str:
    warm, floor = page.get("warm"), page.get("floor")
    value, base = median(warm), median(floor)
    if size in WARM_RATIO:
        if _failed(warm) and value is None:
            return _mark(False)
        if value is None or not base:
            return ""
        return _mark(value / base <= WARM_RATIO[size] and not _failed(warm))
    if size in WARM_SECONDS:
        if _failed(warm):
            return _mark(False)
        return "" if value is None else _mark(value <= WARM_SECONDS[size])
    return ""


def _meta(results: dict, size: str) -> dict:
    return results.get(size, {}).get("meta", {})


def _data_cell(results: dict, size: str) -> str:
    m = _meta(results, size)
    if not m:
        return "–"
    text = f"{m.get('visits') or '?'} visit(s), {m.get('events') or 0:,} events"
    if m.get("events_shown") is None:  # the measuring process ended before it said
        return text + f"; not measured ({results[size].get('crash') or 'no result'})"
    return text + (
        f"; visit shown: {m['events_shown']:,} events, {m.get('cards_shown') or 0:,} cards"
    )


def _floor_cell(results: dict, size: str, key: str = "floor") -> str:
    """Every floor sample of the size's pages, pooled."""
    samples = [
        x
        for p in results.get(size, {}).get("pages", {}).values()
        for x in p.get(key, {}).get("samples", [])
    ]
    if not samples:
        return "–"
    return _cell({"samples": samples, "status": "ok"}, None, None)


def _ratio_mark(value: float | None, base: float | None, limit: float | None, failed: bool):
    if limit is None:
        return ""
    if failed and value is None:
        return _mark(False)
    if value is None or not base:
        return ""
    return _mark(value / base <= limit and not failed)


def _seconds_mark(measure: dict | None, limit: float | None) -> str:
    if limit is None or measure is None:
        return ""
    value = median(measure)
    if _failed(measure) and value is None:
        return _mark(False)
    return "" if value is None else _mark(value <= limit and not _failed(measure))


def _warm1_cell(results: dict, size: str, page: str) -> str:
    """A page's warm rerun as a ratio to the one-element floor, with its target's mark."""
    p = results.get(size, {}).get("pages", {}).get(page)
    if p is None or not p.get("floor1"):
        return "–"
    m = _meta(results, size)
    warm, floor1 = p.get("warm"), p.get("floor1")
    cell = _cell(warm, m.get("runs"), m.get("timeout"), floor1)
    return cell + _ratio_mark(median(warm), median(floor1), WARM1_RATIO.get(size), _failed(warm))


def _bound_cell(results: dict, size: str, page: str) -> str:
    """Where a page's warm rerun goes (sampled), the replay of its elements, and the bound
    it sits on: the rerun less the project's own work, as a ratio to the one-element
    floor."""
    from .share import bound

    p = results.get(size, {}).get("pages", {}).get(page) or {}
    share = p.get("share") or {}
    if "shares" not in share:
        return share.get("error", "–")[:80]
    if not sum(share.get("counts", {}).values()):
        return "not sampled: no sample of the rerun was taken"
    shares = share["shares"]
    parts = [
        f"Streamlit {shares['streamlit']:.0%}",
        f"cache lookups {shares['cache']:.0%}",
        f"the project {shares['project']:.0%}",
        f"run start and end {shares['runner']:.0%}",
    ]
    text = " · ".join(parts)
    replay, floor1 = median(p.get("replay")), median(p.get("floor1"))
    if replay is not None:
        text += f"; its {p.get('elements') or '?'} elements replayed: {fmt_seconds(replay)}"
    warm = median(p.get("warm"))
    if warm is not None and floor1:
        least = bound(warm, share)
        text += f"; bound ≥ {fmt_seconds(least)} · **{least / floor1:.1f}×**"
    return text


def _page_cell(results: dict, size: str, page: str, key: str) -> str:
    """A page's warm rerun (with its target's mark) or rerun after a filter change."""
    p = results.get(size, {}).get("pages", {}).get(page)
    if p is None:
        return "–"
    m = _meta(results, size)
    cell = _cell(p.get(key), m.get("runs"), m.get("timeout"), p.get("floor"))
    return cell + _warm_mark(size, p) if key == "warm" else cell


def _cold_cell(results: dict, size: str, key: str = "app", limit: dict | None = None) -> str:
    cold = results.get(size, {}).get("cold")
    if not cold or key not in cold:
        return "–"
    cell = _cell(cold.get(key), _meta(results, size).get("runs"), None, cold.get("floor"))
    floor = median(cold.get("floor"))
    cell += f" (floor {fmt_seconds(floor)})" if floor else ""
    return cell + _seconds_mark(cold.get(key), (limit or {}).get(size))


def _cold_parts_cell(results: dict, size: str) -> str:
    """The cold start with unchanged files, divided: the floor (interpreter, Streamlit,
    AppTest), the app's imports beyond it, reading the stored copy, and the rest (the
    filters and the first page)."""
    cold = results.get(size, {}).get("cold") or {}
    stored, floor = median(cold.get("stored")), median(cold.get("floor"))
    imports, copy = median(cold.get("imports")), median(results.get(size, {}).get("stored_load"))
    if None in (stored, floor, imports, copy):
        return "–"
    imports_beyond = max(imports - floor, 0.0)
    rest = max(stored - floor - imports_beyond - copy, 0.0)
    return (
        f"floor {fmt_seconds(floor)} + the app's imports {fmt_seconds(imports_beyond)} + "
        f"the stored copy {fmt_seconds(copy)} + filters and first page {fmt_seconds(rest)}"
    )


def _load_cell(results: dict, size: str) -> str:
    m = _meta(results, size)
    return _cell(results.get(size, {}).get("load"), m.get("runs"), m.get("timeout"))


def _stored_load_cell(results: dict, size: str) -> str:
    m = _meta(results, size)
    return _cell(results.get(size, {}).get("stored_load"), m.get("runs"), m.get("timeout"))


def _rss_cell(results: dict, size: str) -> str:
    rss = results.get(size, {}).get("peak_rss_mb")
    if rss is None:
        return "–"
    mark = _mark(rss < RSS_MB[size]) if size in RSS_MB else ""
    return f"{rss:,.0f} MB{mark}"


def _browser_cell(
    results: dict, size: str, key: str, floor_key: str, limit: dict | None = None
) -> str:
    b = results.get(size, {}).get("browser")
    if not b:
        return "not run"
    measure = b.get(key)
    m = _meta(results, size)
    cell = _cell(measure, m.get("runs"), m.get("timeout"), b.get(floor_key))
    floor = median(b.get(floor_key))
    if floor:
        cell += f" (floor {fmt_seconds(floor)})"
    if limit and size in limit:
        value = median(measure)
        if _failed(measure) and value is None:
            cell += _mark(False)
        elif value is not None:
            cell += _mark(value <= limit[size] and not _failed(measure))
    return cell


def _click_ratio_cell(results: dict, size: str) -> str:
    """The filter click as a ratio to the trivial page's click, with its target's mark."""
    b = results.get(size, {}).get("browser")
    if not b:
        return "not run"
    click, floor = b.get("click"), b.get("click_floor")
    value, base = median(click), median(floor)
    if value is None or not base:
        return _cell(click, None, None) + _ratio_mark(
            value, base, CLICK_RATIO.get(size), _failed(click)
        )
    return f"**{value / base:.2f}×**" + _ratio_mark(
        value, base, CLICK_RATIO.get(size), _failed(click)
    )


def _click_split_cell(results: dict, size: str) -> str:
    """Where the filter click goes, on the page's clock (medians): until the server's last
    message, then until the change shows; the same for the trivial page's click."""
    b = results.get(size, {}).get("browser")
    if not b:
        return "not run"

    def split(key: str) -> str | None:
        parts = b.get(key) or []
        if not parts:
            return None
        reply = statistics.median(p["reply"] for p in parts) / 1000
        render = statistics.median(p["render"] for p in parts) / 1000
        return f"{fmt_seconds(reply)} + {fmt_seconds(render)}"

    app, floor = split("click_split"), split("click_floor_split")
    if app is None:
        return "–"
    return f"{app}" + (f" (trivial page: {floor})" if floor else "")


def _click_bound_cell(results: dict, size: str) -> str:
    """The click less the server's script runs for it, as a ratio to the trivial page's
    whole click: what the click would still take with no script run at all (no project
    code and no Streamlit element built), so the least any page could reach."""
    b = results.get(size, {}).get("browser")
    if not b:
        return "not run"
    clicks, scripts = (b.get("click") or {}).get("samples") or [], b.get("click_script") or []
    base = median(b.get("click_floor"))
    if not clicks or len(clicks) != len(scripts) or not base:
        return "–"
    rest = statistics.median(c - s for c, s in zip(clicks, scripts, strict=True))
    script = statistics.median(scripts)
    return (
        f"{rest / base:.2f}× ({fmt_seconds(rest)} once the script's {fmt_seconds(script)} "
        "is taken away)"
    )


def _server_cell(results: dict, size: str) -> str:
    b = results.get(size, {}).get("browser")
    if not b or b.get("server_rss_mb") is None:
        return "–"
    floor = b.get("floor_server_rss_mb")
    return f"{b['server_rss_mb']:,.0f} MB" + (f" (floor {floor:,.0f} MB)" if floor else "")


WARM_TARGET = "real ≤ 4× floor; 10k ≤ 10× floor; 100k ≤ 1 s"


def _rows(results: dict[str, dict]) -> list[tuple[str, str, Callable[[str], str]]]:
    """(measurement, target, cell of a size) for every row of the table, in order."""

    def page_row(page: str, key: str, name: str, target: str):
        return (name, target, lambda s: _page_cell(results, s, page, key))

    def per_size(fn, *args):
        return lambda s: fn(results, s, *args)

    return [
        ("Data folder", "", per_size(_data_cell)),
        ("Floor: trivial page, warm rerun (AppTest, all samples)", "", per_size(_floor_cell)),
        (
            "Floor: one-element page (`st.write`), warm rerun (AppTest, all samples)",
            "",
            per_size(_floor_cell, "floor1"),
        ),
        *(
            page_row(page, "warm", f"Warm rerun: {page} (× its floor)", WARM_TARGET)
            for page in PAGE_ORDER
        ),
        *(
            (
                f"Warm rerun: {page} (× the one-element floor)",
                "real ≤ 3× one-element floor",
                per_size(_warm1_cell, page),
            )
            for page in PAGE_ORDER
        ),
        *(
            (
                f"Warm rerun: {page}, where it goes (sampled) and the least it could take "
                "without the project's own work (× the one-element floor)",
                "",
                per_size(_bound_cell, page),
            )
            for page in PAGE_ORDER
        ),
        *(
            page_row(page, "filter", f"Rerun after a filter change: {page} (× its floor)", "")
            for page in PAGE_ORDER
        ),
        (
            "Cold start, first ever (no stored copy): new process to the first complete page (AppTest, Overview; floor: trivial page)",
            "100k ≤ 6 s",
            per_size(_cold_cell, "app", COLD_SECONDS),
        ),
        (
            "Cold start, unchanged files (stored copy): new process to the first complete page (AppTest, Overview; floor: trivial page)",
            "100k ≤ 3 s",
            per_size(_cold_cell, "stored", STORED_SECONDS),
        ),
        (
            "Cold start, unchanged files: where it goes (medians of the rows above and below; "
            "imports: a new process importing what the first page imports)",
            "",
            per_size(_cold_parts_cell),
        ),
        (
            "Load + validate the data folder, no cache (`load_dataset`)",
            "",
            per_size(_load_cell),
        ),
        (
            "Load from the stored copy, unchanged files (`stored.load`: hash every input, read the copy)",
            "",
            per_size(_stored_load_cell),
        ),
        (
            "Peak RSS of the measuring process (AppTest, all pages)",
            "100k < 1 GiB",
            per_size(_rss_cell),
        ),
        (
            "Browser: navigation to /issues until the first card is visible (floor: trivial page's text)",
            "",
            per_size(_browser_cell, "nav", "nav_floor"),
        ),
        (
            "Browser: filter pill click (Day pills, then Topic) until the cards update (floor: trivial button click until its text updates)",
            "real ≤ 300 ms",
            per_size(_browser_cell, "click", "click_floor", CLICK_SECONDS),
        ),
        (
            "Browser: filter pill click ÷ the trivial page's click (medians)",
            "real ≤ 1.5×",
            per_size(_click_ratio_cell),
        ),
        (
            "Browser: the filter click divided, on the page's clock (medians): from the pointer "
            "down to the server's last message + from it to the change on screen",
            "",
            per_size(_click_split_cell),
        ),
        (
            "Browser: the filter click less the server's script runs for it (timed on the "
            "server), ÷ the trivial page's click (medians): the least a click could take",
            "",
            per_size(_click_bound_cell),
        ),
        (
            "Browser: peak RSS of the `streamlit run` server",
            "",
            per_size(_server_cell),
        ),
    ]


def render_table(results: dict[str, dict], sizes: list[str]) -> str:
    """One Markdown table: a row per measurement, a column per size."""
    header = [*COLUMNS, *sizes]
    rows = [[name, target, *(cell(s) for s in sizes)] for name, target, cell in _rows(results)]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell.replace("\n", " ") for cell in r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------
# The machine


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return None


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine(chromium: str | None = None) -> dict[str, str]:
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    ram = _ram_gib()
    info = {
        "Date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "CPU": _cpu_model(),
        "Cores": f"{os.cpu_count()} ({usable} usable)",
        "RAM": f"{ram:.1f} GiB" if ram else "unknown",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
    }
    for package in ("streamlit", "pandas", "plotly", "pydeck", "pandera", "playwright"):
        info[package] = _version(package)
    if chromium:
        info["Chromium"] = chromium
    return info


def machine_markdown(info: dict[str, str]) -> str:
    return "\n".join(f"- {key}: {value}" for key, value in info.items()) + "\n"


# ---------------------------------------------------------------------------------------
# Hotspots


def _hotspot_lines(summary: dict, top: int) -> list[str]:
    lines = []
    for i, f in enumerate(summary.get("functions", [])[:top], start=1):
        incl = f.get("inclusive_share")
        text = f"   {i}. `{f['function']}` {f['own_share']:.0%} own"
        if incl is not None:
            text += f", {incl:.0%} inclusive"
        if f.get("via"):
            text += f"; {f['via']['share']:.0%} of it in `{f['via']['call']}`"
        lines.append(text)
    return lines


def hotspots_markdown(profiles: dict[str, dict], top: int = 5) -> str:
    """The top functions of each profile, per size, as Markdown lists."""
    out = []
    for size, profile in profiles.items():
        out.append(f"### {size}\n")
        if profile.get("crash"):
            out.append(f"The profiling process failed:\n\n```\n{profile['crash']}\n```\n")
            continue
        load = profile.get("load")
        if load:
            out.append(f"- **load_dataset** (cold), profiled run {fmt_seconds(load['duration'])}:")
            out += _hotspot_lines(load, top)
        for page in PAGE_ORDER:
            entry = profile.get("pages", {}).get(page)
            if not entry:
                continue
            if entry.get("error"):
                out.append(f"- **{page}**: {entry['error'][:120]}")
            for kind, title in (("filter", "rerun after a filter change"), ("warm", "warm rerun")):
                summary = entry.get(kind)
                if not summary:
                    continue
                wall = summary.get("wall") or summary.get("duration")
                out.append(f"- **{page}**, {title}, profiled run {fmt_seconds(wall)}:")
                out += _hotspot_lines(summary, top if kind == "filter" else 3)
        out.append("")
    return "\n".join(out) + "\n"
