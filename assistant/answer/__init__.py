"""Question + ranked clauses → a cited answer (or "not found"); every citation is built by ``citations``."""
