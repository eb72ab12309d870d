"""`python -m dashboard draft`: an article in, a draft visit folder out, for an editor to check."""

from .build import DRAFT, Draft, draft_tables
from .text import ArticleError, read_article
from .writing import REPORT, DraftError, write_draft

__all__ = [
    "DRAFT",
    "Draft",
    "draft_tables",
    "ArticleError",
    "read_article",
    "REPORT",
    "DraftError",
    "write_draft",
]
