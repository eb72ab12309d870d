"""docs/benchmarks.md's generated blocks from pytest-benchmark's JSON, one file per size: a cell
is the median of a measurement's raw samples, its ratio to its floor, and its target's mark.
The blocks' words are Jinja2 templates in templates/ (docs/capacity.md's too); `write_blocks`
puts them between their marks in a doc."""

from __future__ import annotations

import os
import platform
import re
import statistics
import time
from importlib import metadata
from pathlib import Path

import jinja2

from .pages import PAGES, WARM_RUNS, WARMUP_RUNS, bound

PACKAGES = ("streamlit", "pandas", "plotly", "pydeck", "pandera", "playwright")
TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
)  # fmt: skip
TEMPLATES.filters["minutes"] = lambda seconds: f"{seconds / 60:.1f} min"
TEMPLATES.filters["pct"] = lambda share: f"{share * 100:.0f} %"  # of one core


def key_of(test: str) -> str:
    """A measurement's key, from its test's name: `test_load` is `load`, and a parametrized
    test's id is its key (`test_page[warm:issues]` is `warm:issues`)."""
    name, _, param = test.partition("[")
    return param.removesuffix("]") or name.removeprefix("test_")


class Size:
    """One size's JSON output, its measurements by key (`warm:issues`, `cold:app`, ...)."""

    def __init__(self, label: str, data: dict):
        self.label, self.extra = label, data.get("dashboard", {})
        self.by_key = {key_of(b["name"]): b for b in data.get("benchmarks", [])}

    def samples(self, key: str) -> list[float]:
        return list(self.by_key.get(key, {}).get("stats", {}).get("data") or [])

    def info(self, key: str, name: str, default=None):
        return self.by_key.get(key, {}).get("extra_info", {}).get(name, default)

    def failure(self, key: str) -> str | None:
        return self.extra.get("failures", {}).get(key)

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
    keys = ("cold:stored", "cold:floor", "cold:imports", "stored_load")
    stored, floor, imports, copy = (median(size.samples(key)) for key in keys)
    if None in (stored, floor, imports, copy):
        return "–"
    beyond = max(imports - floor, 0.0)
    return (f"floor {fmt(floor)} + the app's imports {fmt(beyond)} + the stored copy {fmt(copy)}"
            f" + filters and first page {fmt(max(stored - floor - beyond - copy, 0.0))}")  # fmt: skip


def click_cells(size: Size, ratio: float | None = None) -> tuple[str, str, str]:
    """The browser's click rows: the ratio, the split on the page's clock, and the bound."""
    if not size.by_key.get("click:app"):
        return ("not run",) * 3
    clicks, scripts = size.samples("click:app"), size.info("click:app", "script", [])
    value, base = median(clicks), median(size.samples("click:floor"))
    times = "–" if not (value and base) else f"**{value / base:.2f}×**"
    times += mark(value / base <= ratio) if value and base and ratio else ""

    def split(target: str) -> str | None:
        if parts := [p for p in size.info(f"click:{target}", "split", []) if p]:
            return " + ".join(fmt(median(p[k] for p in parts) / 1000) for k in ("reply", "render"))
        return None

    split_text = (app := split("app")) or "–"
    split_text += f" (trivial page: {floor})" if app and (floor := split("floor")) else ""
    least = "–"
    if clicks and len(scripts) == len(clicks) and None not in scripts and base:
        rest = median(c - s for c, s in zip(clicks, scripts, strict=True))
        least = f"{rest / base:.2f}× ({fmt(rest)} once the script's {fmt(median(scripts))} is taken away)"
    return times, split_text, least


def browser_cell(size: Size, kind: str, seconds: float | None = None) -> str:
    """Navigation (`nav`) or a filter click (`click`), the trivial page's as the floor."""
    if not (size.by_key.get("nav:app") or size.failure("nav:app")):
        return "not run"
    return cell(size, f"{kind}:app", size.samples(f"{kind}:floor"), seconds, show_floor=True)


def rss_cell(size: Size, mb: float | None = None) -> str:
    rss = size.extra.get("peak_rss_mb")
    return "–" if rss is None else f"{rss:,.0f} MB" + (mark(rss < mb) if mb else "")


def server_rss_cell(size: Size) -> str:
    server, base = size.extra.get("server_rss_mb"), size.extra.get("floor_server_rss_mb")
    return "–" if server is None else f"{server:,.0f} MB" + (f" (floor {base:,.0f} MB)" if base else "")


def floor1_cell(size: Size, page: str, ratio: float | None = None) -> str:
    floor1 = size.floor(page, "floor1")
    return cell(size, f"warm:{page}", floor1, ratio_limit=ratio) if floor1 else "–"


def cold_cell(size: Size, target: str, seconds: float | None = None) -> str:
    return cell(size, f"cold:{target}", size.samples("cold:floor"), seconds, show_floor=True)


# The cells of a row of the results block by kind (templates/benchmarks.md.j2 names them),
# each called with a size, the row's arguments, and its limits for that size.
CELLS = {
    "data": data_cell, "share": share_cell, "cold_parts": cold_parts_cell, "plain": cell, "rss": rss_cell,
    "browser": browser_cell, "server_rss": server_rss_cell, "warm1": floor1_cell, "cold": cold_cell,
    "floors": lambda size, name: fmt(median([x for page in PAGES for x in size.floor(page, name)])),
    "warm": lambda size, page, ratio=None, seconds=None: cell(size, f"warm:{page}", size.floor(page), seconds, ratio),
    "filter": lambda size, page: cell(size, f"filter:{page}", size.floor(page)),
    "click_ratio": lambda size, ratio=None: click_cells(size, ratio)[0],
    "click_split": lambda size: click_cells(size)[1],
    "click_bound": lambda size: click_cells(size)[2],
}  # fmt: skip


def render_table(sizes: dict[str, dict]) -> str:
    """The results block: a row per measurement, a column per size (label -> its JSON)."""
    columns = [Size(label, data) for label, data in sizes.items()]

    def cells(kind: str, *args, **limits: dict) -> str:
        """A row's cells: each size's, with the row's limits for that size."""
        row = []
        for size in columns:
            own = {name: by_size.get(size.label) for name, by_size in limits.items()}
            row.append(CELLS[kind](size, *args, **own))
        return " | ".join(row)

    return blocks("benchmarks.md.j2", ["results"], labels=list(sizes), pages=PAGES, cells=cells)["results"]


def doc_blocks(run: dict, sizes: dict[str, dict]) -> dict[str, str]:
    """docs/benchmarks.md's blocks: the run (`run.json`), the machine and the results."""
    first = next((d for d in sizes.values() if "machine_info" in d), {})
    pills = {label: d.get("dashboard", {}).get("click_labels") or [] for label, d in sizes.items()}
    machine = machine_context(first.get("machine_info"), first.get("datetime"), first.get("dashboard", {}).get("chromium"))
    made = blocks("benchmarks.md.j2", ["run", "machine"], run=run, labels=list(sizes), settings=run["settings"],
                  pills=pills, warm_runs=WARM_RUNS, warmup_runs=WARMUP_RUNS, **machine)  # fmt: skip
    return {**made, "results": render_table(sizes)}


def blocks(template: str, names: list[str], **context) -> dict[str, str]:
    """The named blocks of templates/<template>, rendered with `context`."""
    found = TEMPLATES.get_template(template)
    return {name: "".join(found.blocks[name](found.new_context(context))) for name in names}


def add_machine_info(info: dict) -> dict:
    """pytest-benchmark's machine record, plus memory, usable cores and library versions."""
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    info["ram_gib"] = next((int(x.split()[1]) / 1024**2 for x in meminfo if x.startswith("MemTotal:")), 0)
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


def machine_context(info: dict | None = None, when: str | None = None, chromium: str | None = None) -> dict:
    """What templates/machine.md.j2 shows: a machine record (this machine's if none is
    given), the date (ISO, UTC) and the Chromium measured."""
    date = (when or time.strftime("%Y-%m-%dT%H:%M", time.gmtime()))[:16].replace("T", " ") + " UTC"
    return {"m": info or machine_info(), "date": date, "packages": PACKAGES, "chromium": chromium}


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
