"""The replay floor of a page: sends the elements the page sent on its last run
(`benchmarks.pages.REPLAYED`), unchanged, and does nothing else."""

from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from benchmarks.pages import REPLAYED

ctx = get_script_run_ctx()
for message in REPLAYED:
    ctx.enqueue(message)
