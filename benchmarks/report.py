"""The generated blocks of docs/benchmarks.md (the run, the machine, the table) from
pytest-benchmark's JSON, one file per size: a cell is the median of a measurement's raw
samples, its ratio to its floor, and its target's mark. Also the docs' block writer."""

from __future__ import annotations

import os
import platform
import re
import statistics
from importlib import metadata
from pathlib import Path

from .pages import WARM_RUNS, WARMUP_RUNS, bound

PAGES = ("overview", "route_map", "timeline", "issues", "sources")
PACKAGES = ("streamlit", "pandas", "plotly", "pydeck", "pandera", "playwright")
WARM_RATIO = {"real": 4.0, "10k": 10.0}  # warm rerun <= N x the trivial floor
WARM_SECONDS = {"100k": 1.0}  # no page over 1 s warm
WARM1_RATIO = {"real": 3.0}  # warm rerun <= N x the one-element floor
COLD_SECONDS = {"100k": 6.0}  # a first start ever, no stored copy
STORED_SECONDS = {"100k": 3.0}  # a start with unchanged files, from the stored copy
RSS_MB = {"100k": 1024.0}  # the measuring process under 1 GiB
CLICK_SECONDS = {"real": 0.3}  # a filter click updates the cards within 300 ms
CLICK_RATIO = {"real": 1.5}  # a filter click <= N x the trivial page's click
TEST_IDS = {"load": "test_load", "stored_load": "test_stored_load", "cold": "test_cold[{}]",
            "nav": "test_browser_navigation[{}]", "click": "test_browser_click[{}]"}  # fmt: skip


class Size:
    """One size's JSON output, its measurements by key (`warm:issues`, `cold:app`, ...)."""

    def __init__(self, label: str, data: dict):
        self.label, self.extra = label, data.get("dashboard", {})
        self.by_key = {b["extra_info"].get("key"): b for b in data.get("benchmarks", [])}

    def samples(self, key: str) -> list[float]:
        return list(self.by_key.get(key, {}).get("stats", {}).get("data") or [])

    def info(self, key: str, name: str, default=None):
        return self.by_key.get(key, {}).get("extra_info", {}).get(name, default)

    def failure(self, key: str) -> str | None:
        kind, _, page = key.partition(":")
        test = f"test_page[{page}-{kind}]" if page in PAGES else TEST_IDS[kind].format(page)
        return self.extra.get("failures", {}).get(test)

    def floor(self, page: str, name: str = "floor") -> list[float]:
        """The floor runs paired with a page's runs (warm, replay, filter)."""
        return [x for kind in ("warm", "replay", "filter") for x in self.info(f"{kind}:{page}", name, [])]


def median(samples) -> float | None:
    return statistics.median(kept) if (kept := [x for x in samples if x is not None]) else None


def fmt(s: float | None) -> str:
    if s is None:
        return "–"
    return f"{s * 1000:.{1 if s < 0.01 else 0}f} ms" if s < 1 else f"{s:.2f} s" if s < 100 else f"{s:.0f} s"


def mark(ok: bool | None) -> str:
    return "" if ok is None else " met" if ok else " **NOT MET**"


def cell(size: Size, key: str, floor: list[float] | None = None, limit: float | None = None,
         ratio_limit: float | None = None, show_floor: bool = False) -> str:  # fmt: skip
    """Median, ratio to the floor's median, the floor itself if asked, and the target's
    mark: a failed measurement fails its target."""
    value, base, failure = median(size.samples(key)), median(floor or []), size.failure(key)
    if value is None:
        text = f"failed: {failure[:80]}".replace("|", "/") if failure else "–"
        return text + (mark(False) if failure and (limit or ratio_limit) else "")
    text = fmt(value) + (f" · **{value / base:.1f}×**" if base else "")
    text += f" (floor {fmt(base)})" if show_floor and base else ""
    if limit is not None:
        return text + mark(value <= limit)
    return text + (mark(value / base <= ratio_limit) if ratio_limit and base else "")


def data_cell(size: Size) -> str:
    m = size.extra.get("meta")
    if not m:
        return "not measured: " + (next(iter(size.extra.get("failures", {}).values()), "no result"))[:80]
    return (f"{m['visits']} visit(s), {m['events']:,} events; visit shown: "
            f"{m['events_shown']:,} events, {m['cards_shown']:,} cards")  # fmt: skip


def share_cell(size: Size, page: str) -> str:
    """Where the warm rerun goes (pyinstrument), its elements replayed, and the bound."""
    share, floor1 = size.info(f"warm:{page}", "share"), median(size.floor(page, "floor1"))
    if not share or not share.get("samples"):
        return "–" if not share else "not sampled: no sample of the rerun was taken"
    s = share["shares"]
    text = (f"Streamlit {s['streamlit']:.0%} · cache lookups {s['cache']:.0%} · the project "
            f"{s['project']:.0%} · run start and end {s['runner']:.0%}")  # fmt: skip
    if (replay := median(size.samples(f"replay:{page}"))) is not None:
        text += f"; its {size.info(f'replay:{page}', 'elements', '?')} elements replayed: {fmt(replay)}"
    if (warm := median(size.samples(f"warm:{page}"))) is not None and floor1:
        least = bound(warm, share)
        text += f"; bound ≥ {fmt(least)} · **{least / floor1:.1f}×**"
    return text


def cold_parts_cell(size: Size) -> str:
    """The cold start with unchanged files, divided: the floor, the app's imports beyond
    it, reading the stored copy, and the rest (the filters and the first page)."""
    stored, floor, imports, copy = (median(size.samples(k)) for k in
                                    ("cold:stored", "cold:floor", "cold:imports", "stored_load"))  # fmt: skip
    if None in (stored, floor, imports, copy):
        return "–"
    beyond = max(imports - floor, 0.0)
    return (f"floor {fmt(floor)} + the app's imports {fmt(beyond)} + the stored copy {fmt(copy)}"
            f" + filters and first page {fmt(max(stored - floor - beyond - copy, 0.0))}")  # fmt: skip


def click_cells(size: Size) -> dict[str, str]:
    """The browser's click rows: the ratio, the split on the page's clock, and the bound."""
    if not size.by_key.get("click:app"):
        return dict.fromkeys(("ratio", "split", "bound"), "not run")
    clicks, floor = size.samples("click:app"), size.samples("click:floor")
    value, base, limit = median(clicks), median(floor), CLICK_RATIO.get(size.label)
    ratio = "–" if not (value and base) else f"**{value / base:.2f}×**"
    ratio += mark(value / base <= limit) if value and base and limit else ""

    def split(target: str) -> str | None:
        if parts := [p for p in size.info(f"click:{target}", "split", []) if p]:
            return " + ".join(fmt(median(p[k] for p in parts) / 1000) for k in ("reply", "render"))
        return None

    app_split, floor_split = split("app"), split("floor")
    scripts = size.info("click:app", "script", [])
    bound = "–"
    if clicks and len(scripts) == len(clicks) and None not in scripts and base:
        rest = median(c - s for c, s in zip(clicks, scripts, strict=True))
        bound = f"{rest / base:.2f}× ({fmt(rest)} once the script's {fmt(median(scripts))} is taken away)"
    return {
        "ratio": ratio,
        "split": (app_split or "–") + (f" (trivial page: {floor_split})" if app_split and floor_split else ""),
        "bound": bound,
    }


def rows(size: Size) -> list[tuple[str, str, str]]:
    """(measurement, target, cell) of every row, in order, for one size."""
    label, out = size.label, []

    def row(name: str, target: str, text: str) -> None:
        out.append((name, target, text))

    row("Data folder", "", data_cell(size))
    pooled = {n: [x for p in PAGES for x in size.floor(p, n)] for n in ("floor", "floor1")}
    row("Floor: trivial page, warm rerun (AppTest, all samples)", "", fmt(median(pooled["floor"])))
    row("Floor: one-element page (`st.write`), warm rerun (AppTest, all samples)", "", fmt(median(pooled["floor1"])))
    for page in PAGES:
        row(f"Warm rerun: {page} (× its floor)", "real ≤ 4× floor; 10k ≤ 10× floor; 100k ≤ 1 s",
            cell(size, f"warm:{page}", size.floor(page), WARM_SECONDS.get(label), WARM_RATIO.get(label)))  # fmt: skip
    for page in PAGES:
        row(f"Warm rerun: {page} (× the one-element floor)", "real ≤ 3× one-element floor",
            cell(size, f"warm:{page}", size.floor(page, "floor1"), ratio_limit=WARM1_RATIO.get(label))
            if size.floor(page, "floor1") else "–")  # fmt: skip
    for page in PAGES:
        row(f"Warm rerun: {page}, where it goes (sampled) and the least it could take without "
            "the project's own work (× the one-element floor)", "", share_cell(size, page))  # fmt: skip
    for page in PAGES:
        row(f"Rerun after a filter change: {page} (× its floor)", "", cell(size, f"filter:{page}", size.floor(page)))
    cold = "new process to the first complete page (AppTest, Overview; floor: trivial page)"
    floor = size.samples("cold:floor")
    row(f"Cold start, first ever (no stored copy): {cold}", "100k ≤ 6 s",
        cell(size, "cold:app", floor, COLD_SECONDS.get(label), show_floor=True))  # fmt: skip
    row(f"Cold start, unchanged files (stored copy): {cold}", "100k ≤ 3 s",
        cell(size, "cold:stored", floor, STORED_SECONDS.get(label), show_floor=True))  # fmt: skip
    row("Cold start, unchanged files: where it goes (medians of the rows above and below; "
        "imports: a new process importing what the first page imports)", "", cold_parts_cell(size))  # fmt: skip
    row("Load + validate the data folder, no cache (`load_dataset`)", "", cell(size, "load"))
    row("Load from the stored copy, unchanged files (`stored.load`: hash every input, read the copy)", "",
        cell(size, "stored_load"))  # fmt: skip
    rss, limit = size.extra.get("peak_rss_mb"), RSS_MB.get(label)
    row("Peak RSS of the measuring process (AppTest, all pages)", "100k < 1 GiB",
        "–" if rss is None else f"{rss:,.0f} MB" + (mark(rss < limit) if limit else ""))  # fmt: skip
    ran = bool(size.by_key.get("nav:app") or size.failure("nav:app"))
    row("Browser: navigation to /issues until the first card is visible (floor: trivial page's text)", "",
        cell(size, "nav:app", size.samples("nav:floor"), show_floor=True) if ran else "not run")  # fmt: skip
    row("Browser: filter pill click (Day pills, then Topic) until the cards update (floor: trivial "
        "button click until its text updates)", "real ≤ 300 ms",
        cell(size, "click:app", size.samples("click:floor"), CLICK_SECONDS.get(label), show_floor=True)
        if ran else "not run")  # fmt: skip
    clicks = click_cells(size)
    row("Browser: filter pill click ÷ the trivial page's click (medians)", "real ≤ 1.5×", clicks["ratio"])
    row("Browser: the filter click divided, on the page's clock (medians): from the pointer down "
        "to the server's last message + from it to the change on screen", "", clicks["split"])  # fmt: skip
    row("Browser: the filter click less the server's script runs for it (timed on the server), "
        "÷ the trivial page's click (medians): the least a click could take", "", clicks["bound"])  # fmt: skip
    server, base = size.extra.get("server_rss_mb"), size.extra.get("floor_server_rss_mb")
    row("Browser: peak RSS of the `streamlit run` server", "",
        "–" if server is None else f"{server:,.0f} MB" + (f" (floor {base:,.0f} MB)" if base else ""))  # fmt: skip
    return out


def render_table(sizes: dict[str, dict]) -> str:
    """One Markdown table: a row per measurement, a column per size (label -> JSON)."""
    columns = {label: rows(Size(label, data)) for label, data in sizes.items()}
    first = next(iter(columns.values()))
    lines = ["| Measurement | Target | " + " | ".join(columns) + " |", "|---|---|" + "---|" * len(columns)]
    for i, (name, target, _) in enumerate(first):
        cells = [columns[label][i][2] for label in columns]
        lines.append("| " + " | ".join([name, target, *cells]) + " |")
    return "\n".join(lines) + "\n"


def add_machine_info(info: dict) -> dict:
    """pytest-benchmark's machine record, plus memory, usable cores and library versions."""
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    info["ram_gib"] = next((int(x.split()[1]) / 1024**2 for x in meminfo if x.startswith("MemTotal:")), None)
    info["usable_cores"] = len(os.sched_getaffinity(0))
    info["os"] = f"{platform.system()} {platform.release()}"
    for package in PACKAGES:
        try:
            info[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            info[package] = "not installed"
    return info


def machine_info() -> dict:
    from pytest_benchmark.plugin import pytest_benchmark_generate_machine_info

    return add_machine_info(pytest_benchmark_generate_machine_info())


def machine(data: dict) -> str:
    m = data.get("machine_info", {})
    cpu = m.get("cpu", {})
    lines = {
        "Date": data.get("datetime", "?")[:16].replace("T", " ") + " UTC",
        "CPU": cpu.get("brand_raw", m.get("processor") or "unknown"),
        "Cores": f"{cpu.get('count', '?')} ({m.get('usable_cores', '?')} usable)",
        "RAM": f"{m['ram_gib']:.1f} GiB" if m.get("ram_gib") else "unknown",
        "OS": m.get("os", m.get("system", "?")),
        "Python": m.get("python_version", "?"),
        **{p: m.get(p, "?") for p in PACKAGES},
    }
    if chromium := data.get("dashboard", {}).get("chromium"):
        lines["Chromium"] = chromium
    return "\n".join(f"- {key}: {value}" for key, value in lines.items()) + "\n"


def run_block(run: dict, sizes: dict[str, dict]) -> str:
    """The command, its time per size, the load when each size started, the code measured,
    and the settings the method below refers to."""
    per = ", ".join(f"{label} {run['minutes'][label]:.1f} min" for label in sizes)
    load = ", ".join(f"{label} {run['load'][label]:.2f}" for label in sizes)
    source = run.get("source", {})
    code = f"commit `{source.get('commit') or '?'}` ({source.get('subject', '')})"
    if source.get("changed"):
        code += " plus uncommitted changes to " + ", ".join(f"`{c}`" for c in source["changed"])
    extra = next(iter(sizes.values()), {}).get("dashboard", {})
    clicks = "; ".join(f"{label}: {', '.join(d.get('dashboard', {}).get('click_labels') or ['none'])}"
                       for label, d in sizes.items())  # fmt: skip
    return (
        f"Command: `{run['command']}`  \nThe whole run took {run['elapsed'] / 60:.1f} min ({per}). "
        f"Load average (1 min) when each size started: {load}; other work on the machine shows "
        f"up as noise.\n\nCode measured: {code}, copied at {source.get('taken', '?')}.\n\n"
        f"Settings: n = {extra.get('runs', '?')} runs per measurement (warm reruns and replays: "
        f"at least {WARM_RUNS} after {WARMUP_RUNS} untimed ones), {extra.get('timeout', 0):.0f} s timeout per run, "
        f"synthetic folders of seed {run.get('seed', 0)}. Pills clicked: {clicks}.\n"
    )


def write_blocks(path: Path, blocks: dict[str, str]) -> None:
    """Replace each `<!-- begin NAME -->` ... `<!-- end NAME -->` block of the document with
    its new text; the prose around the blocks is left as it is."""
    text = path.read_text(encoding="utf-8")
    for name, body in blocks.items():
        pattern = re.compile(rf"(<!-- begin {name} -->\n).*?(<!-- end {name} -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"{path} has no '<!-- begin {name} -->' ... '<!-- end {name} -->' block")
        text = pattern.sub(lambda m, body=body: m.group(1) + body + m.group(2), text)
    path.write_text(text, encoding="utf-8")
