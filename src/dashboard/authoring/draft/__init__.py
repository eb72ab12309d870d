"""`python -m dashboard draft`: an article in, a draft visit folder out, for an editor to check.

The finders work on any list of sentences (`split_sentences`), each a plain function to
frozen records, so that other commands can read other texts with them: `find_dates`,
`find_people`, `find_places`, `find_figures`, `find_visit`, `find_legs`, `find_events`,
`find_topics`. `draft_tables` is the draft's pipeline: the finders, then one step per
table (see `tables`).
"""

from .build import DRAFT, Draft, draft_tables
from .dates import find_dates
from .events import find_events
from .figures import find_figures
from .itinerary import find_legs
from .people import find_people
from .places import find_places
from .text import ArticleError, read_article, split_sentences
from .topics import find_topics
from .visit import find_visit
from .writing import REPORT, DraftError, write_draft

__all__ = [
    "DRAFT",
    "Draft",
    "draft_tables",
    "ArticleError",
    "read_article",
    "split_sentences",
    "REPORT",
    "DraftError",
    "write_draft",
    "find_dates",
    "find_events",
    "find_figures",
    "find_legs",
    "find_people",
    "find_places",
    "find_topics",
    "find_visit",
]
