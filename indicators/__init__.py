"""The tidy indicator table and everything done to it (no Streamlit)."""
