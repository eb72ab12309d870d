"""The session-state keys the glue and the pages use, in one place.

Filter widgets are keyed `f_<name>`; keys that start with `_` hold the glue's own state.
"""

from __future__ import annotations

#: filter name (as in the URL) -> the key of its widget.
FILTER_KEYS = {
    "visit": "f_visit",
    "day": "f_day",
    "topic": "f_topic",
    "city": "f_city",
    "q": "f_q",
    "sort": "f_sort",  # the issue cards' order, kept in the link like the filters
    "as_of": "f_as_of",  # the view as it stood at a date: '' for everything
    "place": "f_place",  # the place picked on the route map: '' for none
}

#: The page's context (`ui.sidebar.Context`), computed once per run by the entrypoint.
CONTEXT_KEY = "_dashboard_context"
#: The filters a link asked for and the notices about what was dropped from it.
NOTICES_KEY = "_notices"
#: Set once the filters have been seeded from the link of a new session.
SEEDED_KEY = "_seeded"

# Widgets of single pages (their state lives only while the reader is on the page).
CARD_SORT_KEY = "card_sort"
CARD_PAGE_KEY = "card_page"
ROUTE_MAP_KEY = "route_map"  # with a number: a new map drops a pick the link took back
ROUTE_MAP_GENERATION_KEY = "_route_map_generation"
LEGS_TABLE_KEY = "legs_table"
SOURCES_TAB_KEY = "sources_tab"
TIMELINE_TAB_KEY = "timeline_tab"
#: The timeline tab the filters asked for at the page's last run (`render.choose_tab`).
TIMELINE_TAB_WANTED_KEY = "_timeline_tab_wanted"
ARTICLE_PAGE_KEY = "article_page"
CITATIONS_TABLE_KEY = "citations_table"
TABLE_CHOICE_KEY = "table_choice"

# The filters' places on the page.
SIDEBAR_FILTERS_KEY = "sidebar-filters"  # the sidebar's filters (wide screens)
PHONE_FILTERS_KEY = "phone-filters"  # the panel at the top of the page (narrow screens)
PHONE_PANEL_KEY = "phone-filters-open"  # whether that panel is open
PHONE_PREFIX = "m_"  # the panel's copy of each filter widget: m_f_day, ...
CHIPS_KEY = "active-filters"  # the removable chips above every page
PAGE_NAV_KEY = "page-nav"  # the links to the pages, which carry the filters
