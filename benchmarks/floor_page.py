"""The one-element floor: the least a Streamlit page does. The warm-rerun targets are
ratios to it; `trivial_page.py` (three elements and a button) is reported beside it."""

import streamlit as st

st.write("floor")
