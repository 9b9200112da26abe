"""Presentation without Streamlit: words, figures, sentences, alt text and exports."""
