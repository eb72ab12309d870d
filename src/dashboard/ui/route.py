"""The route map's pick in the link: a place picked on the map becomes the link's `place`
(one step in the browser's history), and Back or Forward to another place makes the map
drop its own pick."""

from __future__ import annotations

import streamlit as st

from ..model.selection import selected_place
from .state import FILTER_KEYS, ROUTE_MAP_GENERATION_KEY, ROUTE_MAP_KEY


def route_map_key(place: str) -> str:
    """The route map's widget key. The map keeps its own pick; when the link's place is
    another (Back or Forward took a pick back), the map is drawn anew under a new key, so
    it drops the pick the link no longer has (and shows its first view again)."""
    generation = int(st.session_state.get(ROUTE_MAP_GENERATION_KEY, 0))
    picked = selected_place(st.session_state.get(f"{ROUTE_MAP_KEY}-{generation}"))
    if picked is not None and picked != place:
        generation += 1
        st.session_state[ROUTE_MAP_GENERATION_KEY] = generation
    return f"{ROUTE_MAP_KEY}-{generation}"


def pick_place(key: str) -> None:
    """The route map's `on_select`: its pick (a place, or '' for a leg or the bare map)
    becomes the link's `place`, before the rerun writes the link: one step in the
    browser's history, which Back takes back."""
    st.session_state[FILTER_KEYS["place"]] = selected_place(st.session_state.get(key)) or ""


def place_picker(choices: dict[str, str], place: str | None) -> None:
    """A list of the places beside the map: a venue drawn under its city's ring, and a
    reader on a keyboard, reach it here. A choice becomes the link's `place`, like a pick
    on the map; the list shows the link's place (its key follows it, so Back updates it)."""
    key = f"place-picker-{place or ''}"
    options = list(choices)

    def choose() -> None:
        st.session_state[FILTER_KEYS["place"]] = st.session_state.get(key) or ""

    st.selectbox(
        "Or choose a place",
        options,
        index=options.index(place) if place in choices else None,
        format_func=lambda place_id: choices.get(place_id, place_id),  # plain text, no Markdown
        placeholder="A city or venue",
        key=key,
        on_change=choose,
    )
