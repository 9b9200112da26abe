"""The Streamlit app: entry point, cache, URL state, login, components and screens."""
