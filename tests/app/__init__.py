"""The Streamlit app through AppTest: every page, uploads, exports."""
