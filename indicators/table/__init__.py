"""The tidy table's contract and storage: catalog, package, areas, schema, store."""
