"""The reports behind the data, as the Sources & data page shows them: every source with its
kind, date and language and how many claims it makes; the claims of one source, each as a
reader names it; and where the sources disagree. Pure: frames in, frames out."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pandas as pd

from ...model import agreement
from ...model.cells import text
from ...model.visit import Visit
from ...model.words import day_label

SOURCE_COLUMNS = ["id", "Outlet", "Kind", "Published", "Claims", "Title", "Language", "Address",
                  "Accessed", "Note"]  # fmt: skip
CLAIM_COLUMNS = ["About", "Field", "Value", "Where", "Qualifier", "Outlet", "Note"]


def _published(row: dict, home: str) -> str:
    """'Mon 5 Jan 2026, 19:13' (with its zone when the page states one); 'no date given'."""
    day = row.get("published_date")
    if day is None or pd.isna(day):
        return "no date given"
    day = pd.Timestamp(day).date()
    clock = text(row.get("published_time"))
    zone = text(row.get("published_zone"))
    when = f"{day_label(day)} {day.year}" + (f", {clock}" if clock else "")
    return when + (f" {zone}" if zone else "")


def sources_rows(visit: Visit) -> pd.DataFrame:
    """Every source the visit cites (published by the as-of moment, if one is set), newest
    last, the article first: one row each, with how many claims it makes."""
    reports = visit.reports
    if reports is None or not reports.any:
        return pd.DataFrame(columns=SOURCE_COLUMNS)
    counts = reports.claims["source_id"].astype(str).value_counts().to_dict()
    home = ZoneInfo(visit.home_timezone or "UTC")
    rows = []
    ordered = reports.sources.assign(
        _at=[
            w.astimezone(home).timestamp() if w is not None else float("inf")
            for w in reports.sources["published_at"]
        ]  # fmt: skip
    ).sort_values("_at", kind="stable")
    for row in ordered.to_dict("records"):
        kind = str(row["kind"])
        rows.append(
            {
                "id": str(row["id"]),
                "Outlet": text(row["outlet"]),
                "Kind": agreement.SOURCE_KIND_WORDS.get(kind, kind),
                "Published": _published(row, visit.home_timezone),
                "Claims": int(counts.get(str(row["id"]), 0)),
                "Title": text(row["title"]),
                "Language": text(row["language"]),
                "Address": text(row["url"]),
                "Accessed": str(pd.Timestamp(row["accessed"]).date())
                if pd.notna(row["accessed"])
                else "",
                "Note": text(row["note"]),
            }
        )
    return pd.DataFrame(rows, columns=SOURCE_COLUMNS)


def claims_rows(visit: Visit, source_id: str) -> pd.DataFrame:
    """The claims of one source, each as a reader names it: about which row, which field,
    the value (a date with its weekday, a place by name), and where in the source."""
    reports = visit.reports
    if reports is None:
        return pd.DataFrame(columns=CLAIM_COLUMNS)
    claims = reports.claims[reports.claims["source_id"].astype(str) == source_id]
    outlets = dict(zip(reports.sources["id"].astype(str), reports.sources["outlet"], strict=True))
    rows = []
    for claim in claims.to_dict("records"):
        table, row_id, field = str(claim["table"]), str(claim["row_id"]), str(claim["field"])
        rows.append(
            {
                "About": agreement.row_title(visit, table, row_id),
                "Field": agreement.FIELD_WORDS.get(field, field),
                "Value": agreement.value_text(visit, table, row_id, field, str(claim["value"])),
                "Where": text(claim["locator"]) or "not located",
                "Qualifier": text(claim["qualifier"]),
                "Outlet": text(outlets.get(source_id, source_id)),
                "Note": text(claim["note"]),
            }
        )
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)


def source_choices(visit: Visit) -> dict[str, str]:
    """Source id -> 'Outlet · Mon 5 Jan 2026, 19:13', for the picker of a source's claims."""
    rows = sources_rows(visit)
    return {
        r["id"]: f"{r['Outlet']} · {r['Published']} ({r['Claims']} claims)"
        for r in rows.to_dict("records")
        if r["Claims"]
    }


def disagreement_rows(visit: Visit) -> pd.DataFrame:
    """Where the sources disagree, for the page's table (see `agreement.disagreements`)."""
    return agreement.disagreements(visit).drop(columns=["table", "row_id"])
