"""View models: selection, map, trends and their tests of change, comparison."""
