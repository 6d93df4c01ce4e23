"""Fixtures for the distribution round trip: the registry (tests/registry) and the control plane."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "registry"))

from conftest_cluster import kube_client, kube_namespace, kubeconfig  # noqa: E402,F401
from registry_fixtures import plain_registry  # noqa: E402,F401
