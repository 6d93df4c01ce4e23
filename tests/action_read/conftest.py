"""Fixtures for the real control plane (see tests/conftest_cluster.py)."""

import pytest
from conftest_cluster import kube_client, kubeconfig, postgres_url  # noqa: F401


def pytest_configure(config: pytest.Config) -> None:
    # The local API server's certificate is self-signed (insecure-skip-tls-verify).
    config.addinivalue_line("filterwarnings", "ignore::urllib3.exceptions.InsecureRequestWarning")
