"""Downloads of what a page shows, filters applied, in one place on every page: a row of
buttons under the page's content. Sources & data offers the whole set."""

from __future__ import annotations

from functools import partial

import streamlit as st

from ..model import filters as F
from ..model.cells import md
from ..views import exports
from ..views.exports.calendar import itinerary_ics
from .context import seed_meta

#: page -> the files it offers, in order.
PAGE_FILES = {
    "overview": ("itinerary", "events"),
    "map": ("legs", "events"),
    "timeline": ("events", "itinerary"),
    "issues": ("cards",),
    "sources": ("events", "cards", "json", "itinerary", "reports", "claims"),
}


def _files(ctx) -> dict[str, dict]:
    """Each file: its button label, the builder call, name, type, icon and what it holds."""
    visit, label = ctx.visit, F.describe(ctx.filters, ctx.options)
    active = label if ctx.filters.active else ""
    events, cards = len(ctx.events), len(ctx.cards)
    return {
        "events": {
            "label": "Download events (CSV)",
            "build": (exports.events_csv, ctx.events),
            "name": exports.download_name(visit.id, f"{active} events", "csv"),
            "mime": "text/csv",
            "help": f"The {events:,} events the filters keep, one row each with its quote: "
            "for a spreadsheet.",
        },
        "cards": {
            "label": "Download issue cards (CSV)",
            "build": (exports.cards_csv, ctx.cards),
            "name": exports.download_name(visit.id, f"{active} issue cards", "csv"),
            "mime": "text/csv",
            "help": f"The {cards:,} issue cards the filters keep, one row each: for a spreadsheet.",
        },
        "json": {
            "label": "Download events and cards (JSON)",
            "build": (exports.filtered_json, visit, ctx.events, ctx.cards),
            "kwargs": {"seed_meta": seed_meta(visit), "filters_text": label},
            "name": exports.download_name(visit.id, f"{active} data", "json"),
            "mime": "application/json",
            "help": "Both, with the source, its licence and the filters: for a program.",
        },
        "reports": {
            "label": "Download sources (CSV)",
            "build": (exports.sources_csv, visit),
            "name": exports.download_name(visit.id, "sources", "csv"),
            "mime": "text/csv",
            "help": "Every source the visit cites (published by the as-of date, if one is "
            "set): outlet, kind, title, address, language, date published and accessed.",
            "only_with_reports": True,
        },
        "claims": {
            "label": "Download claims (CSV)",
            "build": (exports.claims_csv, visit, ctx.events, ctx.cards),
            "name": exports.download_name(visit.id, f"{active} claims", "csv"),
            "mime": "text/csv",
            "help": "What each source says of the events and cards the filters keep, and "
            "of every figure and person: one value per row, with where in the source it stands.",
            "only_with_reports": True,
        },
        "itinerary": {
            "label": "Download itinerary (.ics)",
            "build": (itinerary_ics, visit, ctx.events),
            "kwargs": {"seed_meta": seed_meta(visit)},
            "name": exports.download_name(visit.id, f"{active} itinerary", "ics"),
            "mime": "text/calendar",
            "icon": ":material/event:",
            "help": "The events the filters keep, background left out, as a calendar: for "
            "a calendar app.",
        },
        "legs": {
            "label": "Download the route (CSV)",
            "build": (exports.legs_csv, visit),
            "filtered": False,
            "name": exports.download_name(visit.id, "route legs", "csv"),
            "mime": "text/csv",
            "help": "The legs of the route in order, with their distances and quotes (the "
            "whole route: filters do not apply).",
        },
    }


def downloads(page: str, ctx, *, intro: bool = True) -> None:
    """The page's files as a row of buttons that wraps (each as wide as its label), each
    built only when a reader clicks it: Streamlit's deferred download (`data` is a
    callable). A click does not rerun the page (`on_click="ignore"`): a rerun gives every
    button a new deferred id, and a click whose request arrived after that rerun found its
    id gone and never downloaded."""
    files = _files(ctx)
    with st.container(key="page-downloads"):
        if intro:
            label = F.describe(ctx.filters, ctx.options)
            kept = f"filters applied: {md(label)}" if ctx.filters.active else "no filter"
            st.caption(f"What this page shows, as files ({kept}):")
        row = st.container(horizontal=True, gap="small")
        reports = ctx.visit.reports is not None and ctx.visit.reports.any
        for name in PAGE_FILES[page]:
            file = files[name]
            if file.get("only_with_reports") and not reports:
                continue  # a visit with no sources yet: nothing to list
            fn, *args = file["build"]
            row.download_button(
                file["label"],
                partial(fn, *args, **file.get("kwargs", {})),
                file_name=file["name"],
                mime=file["mime"],
                icon=file.get("icon", ":material/download:"),
                help=file["help"],
                on_click="ignore",
            )
