"""Area boundaries: loading, validating, simplifying for the web, crosswalks (no Streamlit)."""
