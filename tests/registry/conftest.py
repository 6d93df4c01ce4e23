"""Registry fixtures (defined in registry_fixtures.py)."""

from registry_fixtures import helm_home, mtls_registry, plain_registry, tls_registry, token_registry  # noqa: F401
