"""Benchmarks of the dashboard: synthetic data folders of any size (`generate`), the pages
timed against one-element and trivial Streamlit pages with pytest-benchmark (`bench_pages`),
cold starts, the browser, and a load test of one server with locust (`capacity`).

Run from the repository root: `python -m benchmarks --help`, `python -m benchmarks.capacity --help`.
"""
