"""Gap measures: oracles, properties, coverage, families, precision of limits."""
