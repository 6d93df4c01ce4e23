"""Fixtures for the real control plane and PostgreSQL (see tests/conftest_cluster.py)."""

from conftest_cluster import kube_client, kube_namespace, kubeconfig, postgres_url  # noqa: F401
