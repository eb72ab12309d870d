"""Rows still to review: what the `draft` command wrote and no editor has checked yet.

A warning, not an error: a draft visit loads and shows, with a banner saying so, so an
editor can review it in the app; `validate` counts the rows left and names what is missing.
"""

from __future__ import annotations

from .loading import Dataset


def draft_counts(dataset: Dataset, visit_id: str | None = None) -> dict[str, int]:
    """Draft rows per table (only tables that have any), of one visit or of all."""
    counts: dict[str, int] = {}
    for name, frame in dataset.tables.items():
        if "draft" not in frame or not len(frame):
            continue
        rows = frame["draft"].astype(bool)
        if visit_id is not None:
            owner = frame["id"] if name == "visits" else frame["visit_id"]
            rows &= owner.astype("string").eq(visit_id).fillna(False)
        if int(rows.sum()):
            counts[name] = int(rows.sum())
    return counts


def review_lines(dataset: Dataset) -> list[str]:
    """The warning `validate` prints for each visit with draft rows: how many are left, and
    what each place still lacks."""
    lines: list[str] = []
    places = dataset.places
    for visit_id in dataset.visits["id"].astype(str):
        counts = draft_counts(dataset, visit_id)
        if not counts:
            continue
        total = sum(counts.values())
        per_table = ", ".join(f"{name.replace('_', ' ')} {n}" for name, n in counts.items())
        lines.append(f"Warning: visit {visit_id}: {total} draft rows to review ({per_table}).")
        if "draft" in places:
            mine = places["visit_id"].astype("string").eq(visit_id).fillna(False)
            draft = places["draft"].astype(bool)
            lacking = places[mine & draft & (places["lat"].isna() | places["lon"].isna())]
            for _, place in lacking.iterrows():
                lines.append(
                    f"  places.csv, id {place['id']}: lat and lon are empty: add the coordinates "
                    f"of “{place['name']}” (not in the gazetteer)."
                )
    if lines:
        lines.append("  Check each draft row, then empty its draft cell.")
    return lines


def banner_text(dataset: Dataset, visit_id: str) -> str | None:
    """The banner a visit with draft rows carries on every page, or None when it has none."""
    counts = draft_counts(dataset, visit_id)
    if not counts:
        return None
    total = sum(counts.values())
    rows = "row" if total == 1 else "rows"
    return (
        f"Draft: {total} {rows} of this visit were drafted from the article by a program and "
        "have not been checked by an editor yet. Dates, places and names may be wrong; "
        "read each against its quote."
    )
