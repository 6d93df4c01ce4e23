"""The lint rules, one module per area as in Helm's ``lint/rules``."""
