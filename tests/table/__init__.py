"""The tidy table's contract and storage: schema, areas, store on both engines."""
