"""Boundaries, crosswalks, simplification, extent and the browser's layer."""
