"""Files into versions: readers, templates, versions, package sync, editors."""
