"""The Sources & data page's views: the article as HTML with every cited span shaded
(`article`, `shades`), the tables as a reader sees them (`tables`), and which rows cite which
sentence (`citations_table`). Where each span lies is the model's (`model.citations`)."""

from __future__ import annotations

import pandas as pd

from ...model.citations import citations
from ...model.visit import Visit
from .article import row_titles
from .tables import TABLE_NOUNS


def citations_table(visit: Visit) -> pd.DataFrame:
    """Which rows cite which sentence: the sentence's number, the row as a reader names it
    ('Event: <its title>'), the quoted span, and the row's key ('events/<id>')."""
    cited = citations(visit)
    titles = row_titles(visit)
    rows = [
        f"{TABLE_NOUNS.get(table, (table,))[0]}: {titles.get(key, row_id)}"
        for table, row_id, key in zip(cited["table"], cited["row_id"], cited["key"], strict=True)
    ]
    return pd.DataFrame(
        {
            "sentence": cited["sentence"],
            "row": pd.Series(rows, index=cited.index, dtype="string"),
            "span": cited["span"],
            "key": cited["key"],
        }
    )


