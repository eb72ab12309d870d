"""The Streamlit glue shared by the entrypoint and the pages: the only part of the package
that calls `st.*`; everything it shows is computed by the pure modules beside it.

- `cache`: the data loaded once per change of its files; `memo` for built pieces.
- `sidebar`: the shared filters, their URL state, and the `Context` pages read.
- `context`: `bootstrap` (load → report or filters) and `context()`, the footer.
- `render`: the validation report, selected-event details, the favicon, the page styles.
- `downloads`: the files of what a page shows.
- `route`: the route map's pick, kept in the link.
- `state`: the session-state keys.
"""

from ..model.cells import md
from .cache import dataframe, load, memo, table_expander
from .context import bootstrap, context, footer, seed_meta
from .downloads import downloads
from .render import (
    PAGE_END,
    choose_tab,
    event_details,
    favicon,
    guarded,
    problems_frame,
    show_problems,
)
from .route import pick_place, place_picker, route_map_key
from .sidebar import Context, show_notices, sidebar_filters, sort_control
from .state import CONTEXT_KEY, FILTER_KEYS

__all__ = [
    "CONTEXT_KEY",
    "FILTER_KEYS",
    "PAGE_END",
    "Context",
    "bootstrap",
    "choose_tab",
    "context",
    "dataframe",
    "downloads",
    "event_details",
    "favicon",
    "footer",
    "guarded",
    "load",
    "md",
    "memo",
    "pick_place",
    "place_picker",
    "problems_frame",
    "route_map_key",
    "seed_meta",
    "show_notices",
    "show_problems",
    "sidebar_filters",
    "sort_control",
    "table_expander",
]
