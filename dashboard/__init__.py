"""The Streamlit dashboard: pages, figure builders and translations (the only Streamlit package)."""
