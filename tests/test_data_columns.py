"""members(): which cells of a column are among allowed values, as pandas' isin says, for
Arrow text and for other columns, with a set, a list or a column of allowed values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.data.columns import members

CELLS = ["a", "b", None, "c", "", "a"]


@pytest.mark.parametrize("dtype", ["str", object])
@pytest.mark.parametrize(
    "allowed",
    [
        {"a", ""},
        ["c", "zz"],
        (),
        pd.Series(["b", None], dtype="str"),
        pd.Index(["a", "c"], dtype="str"),
        pd.Series(["c"], dtype=object),
        dict.fromkeys(["a", "b"]),
    ],
)
def test_members_agree_with_isin(dtype, allowed):
    column = pd.Series(CELLS, dtype=dtype)
    present = [v for v in allowed if pd.notna(v)]  # a missing value matches nothing
    expected = column.isin(present).to_numpy(dtype=bool)
    found = members(column, allowed)
    assert found.dtype == bool
    np.testing.assert_array_equal(found, expected)


def test_a_missing_cell_is_never_a_member():
    column = pd.Series([None, "x"], dtype="str")
    assert members(column, pd.Series([None, "x"], dtype="str")).tolist() == [False, True]


def test_numbers_fall_back_to_isin():
    assert members(pd.Series([1, 2, 3]), {2, 3}).tolist() == [False, True, True]
