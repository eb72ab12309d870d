"""The floor: the smallest Streamlit page. Every figure of the dashboard is compared with it.

The button (which counts its clicks) gives the browser benchmark a trivial rerun to time.
"""

import streamlit as st

st.write("hello")
if st.button("Count", key="count"):
    st.session_state["clicks"] = st.session_state.get("clicks", 0) + 1
st.write(f"clicks: {st.session_state.get('clicks', 0)}")
