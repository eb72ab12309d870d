"""Whole-column helpers shared by the checks and the model."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def members(values: pd.Series, allowed: Iterable) -> np.ndarray:
    """Whether each value is one of `allowed`, as booleans (a missing value is not).

    For Arrow text the set is made into one Arrow array and matched in Arrow: pandas' own
    `isin` makes an Arrow scalar of every allowed value in Python first, which is most of
    the time taken when thousands of ids are allowed."""
    if isinstance(allowed, (pd.Series, pd.Index)) and _arrow_text(allowed.dtype):
        allowed_arrow = pc.drop_null(_arrow(allowed))
    elif not isinstance(allowed, (set, frozenset, list, tuple, dict)):
        allowed, allowed_arrow = list(allowed), None
    else:
        allowed_arrow = None
    if _arrow_text(values.dtype):
        column = _arrow(values)
        if allowed_arrow is None:
            allowed_arrow = pa.array([v for v in allowed if isinstance(v, str)], type=column.type)
        found = pc.is_in(column, value_set=allowed_arrow.cast(column.type))
        return pc.fill_null(found, False).to_numpy(zero_copy_only=False)
    return values.isin(allowed).to_numpy(dtype=bool)


def _arrow_text(dtype) -> bool:
    return isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"


def _arrow(values: pd.Series | pd.Index) -> pa.Array:
    column = pa.array(values)
    return column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
