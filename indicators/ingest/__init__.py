"""Files into versions: readers, templates, versions, package sync, check, editors."""
