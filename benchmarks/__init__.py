"""Benchmarks of the dashboard: synthetic data folders of any size (`generate`), AppTest and
browser timings against a trivial Streamlit page as the floor (`measure`, `browser`), cold
start, loading, memory, and pyinstrument hotspots (`hotspots`).

Run from the repository root: `python -m benchmarks --help`.
"""
