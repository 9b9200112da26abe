"""Presentation without Streamlit: words, sentences, figures, exports."""
