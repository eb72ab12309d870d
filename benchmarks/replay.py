"""The replay floor: what a page's elements cost Streamlit without any of the page's work.

`capture()` keeps the ForwardMsgs of each AppTest run; `keep_deltas()` takes the elements
(deltas) of the last one. `replay_page.py` then sends exactly those messages again, as
they are, computing nothing: a rerun of the page can be no faster than its replay, which
is the bound the page's own work sits on.
"""

from __future__ import annotations

#: The deltas `replay_page.py` sends on each run (set by `keep_deltas`).
MESSAGES: list = []
_LAST: list = []


def capture() -> None:
    """Keep every AppTest run's messages in `_LAST` (once per process)."""
    from streamlit.testing.v1 import local_script_runner

    original = local_script_runner.parse_tree_from_messages
    if getattr(original, "_keeps_messages", False):
        return

    def parse(messages):
        _LAST[:] = list(messages)
        return original(messages)

    parse._keeps_messages = True
    local_script_runner.parse_tree_from_messages = parse


def keep_deltas() -> int:
    """Take the last run's elements for the replay; return how many there are."""
    MESSAGES[:] = [m for m in _LAST if m.WhichOneof("type") == "delta"]
    return len(MESSAGES)
