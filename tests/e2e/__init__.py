"""End-to-end tier: the real `streamlit run app.py` driven by Playwright in headless Chromium."""
