"""The jamlik command: serve, check-data, import/history/withdraw, gaps, export."""
