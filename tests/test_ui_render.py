"""The blocks every page shares (`ui.render`): an unexpected error in a page shows a
plain message, never a traceback, while the tests still see the exception."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.ui.render import DEBUG_ENV, UNEXPECTED, guarded

# ---------------------------------------------------------------------------------------
# An unexpected error in a page


def test_an_unexpected_error_shows_a_plain_message_not_a_traceback(monkeypatch):
    def page_that_fails():
        from dashboard.ui.render import guarded as run_guarded

        def draw():
            raise RuntimeError("/srv/secret/path.py exploded")

        run_guarded(draw)

    monkeypatch.delenv(DEBUG_ENV, raising=False)
    at = AppTest.from_function(page_that_fails, default_timeout=30)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [UNEXPECTED]
    assert "/srv/secret" not in str(at._tree)


def test_errors_still_reach_the_tests(monkeypatch):
    monkeypatch.setenv(DEBUG_ENV, "1")
    with pytest.raises(RuntimeError):
        guarded(lambda: (_ for _ in ()).throw(RuntimeError("boom")))
