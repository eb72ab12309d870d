"""A problem found in the data: where it is, and one plain sentence saying what is wrong.

Every check reports through this one type instead of raising, so a single run collects all
problems, and the app and the command line print them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

#: A value longer than this is shown cut, with its length: a report names a cell, it does
#: not copy a file.
SHOWN_VALUE = 120


def count_text(n: int, noun: str, plural: str = "") -> str:
    """'1 problem', '2 problems', '1 city', '3 cities' (`plural` when not noun + s): every
    count a reader meets, in words that agree with it."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located as precisely as it can be.

    `Problem(file, row, column, value, message)` names a cell; the class methods build the
    coarser ones, where a part of the location does not apply and stays None.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str

    def __post_init__(self) -> None:
        if self.value is not None and len(self.value) > SHOWN_VALUE:
            cut = f"{self.value[:SHOWN_VALUE]}… ({len(self.value):,} characters)"
            object.__setattr__(self, "value", cut)

    @classmethod
    def of_file(cls, file: str, message: str) -> Problem:
        """A problem with a whole file or folder."""
        return cls(file, None, None, None, message)

    @classmethod
    def of_row(cls, file: str, row: int, message: str, value: str | None = None) -> Problem:
        """A problem with a whole line, with the offending text if there is one."""
        return cls(file, row, None, value, message)

    @classmethod
    def of_header(cls, file: str, column: str | None, message: str) -> Problem:
        """A problem with a column of the header (row 1)."""
        return cls(file, 1, column, None, message)

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        value = "" if self.value is None else f" {self.value!r}"
        return f"{where}:{value} {self.message}"
