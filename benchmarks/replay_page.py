"""The replay floor of a page: sends the elements the page sent on its last run
(`benchmarks.replay.MESSAGES`), unchanged, and does nothing else."""

from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from benchmarks.replay import MESSAGES

ctx = get_script_run_ctx()
for message in MESSAGES:
    ctx.enqueue(message)
