"""`python -m dashboard draft-report`: a news report in, its source and the claims it makes
added to a visit folder as drafts, for an editor to review.

The report is read with the article drafter's finders (`draft.split_sentences`,
`find_dates`, `find_figures`, `find_people`, `find_places`) and matched to the visit's own
rows: its events by the concepts of their titles and kinds, its people and places by name.
A report's own words for what happened (past verbs, "cancelled", "moved") are read here,
not by the drafter, whose action finder reads a plan. The steps, each a module:

- `text`: paragraphs and sentences, and where each stands ("para 3, sentence 1");
- `days`, `clock`, `words`: the days, clock times and event words of a sentence;
- `visit`, `mentions`, `values`: which events each sentence speaks of, and what it gives;
- `counts`: the numbers it gives for the visit's figures;
- `propose`, `build`: the claims and the new rows; `compare`: earlier sources and the plan;
- `summary`: the short report; `files`: writing, checked first; `command`: the command;
- `quality`: recall and precision on fictional reports with what an editor expects.

Claims store values and where they are said, never the report's sentences; the report
itself is not copied into the repository.
"""

from .build import Proposal, draft_report
from .command import REPORT_KINDS, Outcome, ReportError, Request, add_report
from .files import WriteError
from .propose import Claim, Source

__all__ = [
    "REPORT_KINDS",
    "Claim",
    "Outcome",
    "Proposal",
    "ReportError",
    "Request",
    "Source",
    "WriteError",
    "add_report",
    "draft_report",
]
