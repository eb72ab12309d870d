"""Typing a validated table: each column from its CSV text to the dtype its kind declares
(dates, numbers, booleans, categories, lists of ids); the stored copy checks its columns
against the same dtypes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .schema import TEXT, Col, Table


def typed(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """The table with each column converted from text to the dtype of its kind."""
    # Built in one go: inserting the columns one by one costs as much as typing them.
    columns = {col.name: typed_column(frame[col.name], col) for col in table.columns}
    return pd.DataFrame(columns, index=pd.RangeIndex(len(frame)))


def column_dtype(col: Col):
    """The dtype a loaded table gives a column of this kind (`typed_column` types to it;
    the stored copy checks its columns against it)."""
    if col.kind == "date":
        return np.dtype("datetime64[s]")
    if col.kind in ("float", "int"):
        return np.dtype(f"{col.kind}64")
    if col.kind == "bool":
        return np.dtype(bool)
    if col.kind == "choice":
        return pd.CategoricalDtype(pd.Index(list(col.choices)))
    if col.kind == "refs":
        return np.dtype(object)
    return TEXT


def typed_column(values: pd.Series, col: Col) -> pd.Series:
    values = values.reset_index(drop=True)
    dtype = column_dtype(col)
    if col.kind == "date":
        return pd.to_datetime(values.replace("", None), format="%Y-%m-%d").astype(dtype)
    if col.kind == "float":
        return pd.to_numeric(values.replace("", None)).astype(dtype)
    if col.kind == "int":
        return pd.to_numeric(values).astype(dtype)
    if col.kind == "bool":
        return values.eq("true").astype(dtype)  # numpy bool whether the text is Arrow or not
    if col.kind == "choice":
        # By codes: an empty cell (in no category) becomes missing, with no pass to blank it.
        # Each distinct text is looked up once (a column of 500,000 claims holds a few).
        found, distinct = pd.factorize(values, use_na_sentinel=True)
        lookup = np.append(dtype.categories.get_indexer(np.asarray(distinct, dtype=object)), -1)
        return pd.Categorical.from_codes(lookup[found], dtype=dtype)  # -1 (missing) -> -1
    if col.kind == "refs":
        return pd.Series(id_tuples(values), dtype=dtype)
    return values.astype(dtype)


def id_tuples(values: pd.Series) -> np.ndarray:
    """Each cell's ids as a tuple. The lists repeat (a few topics make many rows' lists),
    so each distinct text is split once and its tuple shared."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    tuples = np.empty(len(distinct), dtype=object)
    # As Python objects first: walking Arrow text makes an Arrow scalar of each cell.
    for i, text in enumerate(distinct.to_numpy(dtype=object)):
        tuples[i] = tuple(str(text).split())
    return tuples[codes]
