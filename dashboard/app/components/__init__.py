"""Pieces that more than one page draws: the view's selectors, the map's parts, the city report."""
