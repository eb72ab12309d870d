"""Writing new files for the commands that add to a data folder (`draft`, `new-visit`):
only regular files and folders the command creates itself, never through a link, never
over something that exists; and when the work fails half-way, everything it created is
removed again, so a refused command leaves nothing behind.

Also what those commands print: text from an article or a path is shown with its control
characters escaped (`printable`), so that a terminal never acts on an escape code that came
from a file.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from types import TracebackType


class NewFileError(Exception):
    """A file or folder could not be created; the message is one plain sentence."""


_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _exists(path: Path) -> bool:
    """Whether anything is at `path`, a link that leads nowhere included."""
    return os.path.lexists(path)


class NewFiles:
    """Creates files and folders that must not exist yet; `with NewFiles() as new:` removes
    all it created if the block raises.

    A file is opened with O_CREAT | O_EXCL | O_NOFOLLOW: it fails on anything already there,
    a dangling link included, so nothing is written through a link or over a file.
    """

    def __init__(self) -> None:
        self.created: list[Path] = []

    def __enter__(self) -> NewFiles:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if error is not None:
            self.remove_all()

    def folders(self, path: Path) -> None:
        """`path` and any missing folders above it, each created (and so recorded) here."""
        missing = []
        current = path
        while not _exists(current):
            missing.append(current)
            if current.parent == current:
                break
            current = current.parent
        if _exists(current) and not current.is_dir():
            raise NewFileError(f"{current} is a file, not a folder.")
        for folder in reversed(missing):
            self.folder(folder)

    def folder(self, path: Path) -> None:
        """Create the folder `path`, which must not exist (not even as a link)."""
        if _exists(path):
            what = "is a link" if path.is_symlink() else "already exists"
            raise NewFileError(f"{path} {what}: nothing was written.")
        try:
            os.mkdir(path)
        except OSError as err:
            raise NewFileError(f"cannot create the folder {path}: {_reason(err)}.") from err
        self.created.append(path)

    def file(self, path: Path, data: bytes) -> None:
        """Create the regular file `path` holding `data`; it must not exist."""
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW, 0o644)
        except FileExistsError as err:
            what = "is a link" if path.is_symlink() else "already exists"
            raise NewFileError(f"{path} {what}: nothing was written.") from err
        except OSError as err:
            raise NewFileError(f"cannot create {path}: {_reason(err)}.") from err
        self.created.append(path)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        except OSError as err:
            raise NewFileError(f"cannot write {path}: {_reason(err)}.") from err

    def text(self, path: Path, text: str) -> None:
        self.file(path, text.encode("utf-8"))

    def remove_all(self) -> None:
        """Remove what was created, newest first (a folder only once it is empty again)."""
        for path in reversed(self.created):
            try:
                if path.is_dir() and not path.is_symlink():
                    path.rmdir()
                else:
                    path.unlink()
            except OSError:
                pass
        self.created.clear()


def _reason(err: OSError) -> str:
    return (err.strerror or str(err)).lower()


# ---------------------------------------------------------------------------------------
# What the commands print

#: C0 and C1 control characters (but the line break a multi-line report needs) and the
#: characters that reorder text on screen (bidirectional overrides and isolates).
_UNPRINTABLE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNPRINTABLE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match) -> str:
    return match[0].encode("unicode_escape").decode("ascii")


def printable(text: str, *, lines: bool = True) -> str:
    """`text` with every control character shown as an escape (ESC as `\\x1b`), so that a
    terminal or a Markdown viewer shows it instead of acting on it. Line breaks are kept
    (`lines=False`: escaped too, for text that must stay on one line)."""
    return (_UNPRINTABLE if lines else _UNPRINTABLE_LINE).sub(_escaped, text)
