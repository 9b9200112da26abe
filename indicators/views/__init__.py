"""One view model per page: store queries plus pure transforms."""
