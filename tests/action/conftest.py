"""Fixtures for the release action tests: a fake cluster and a fixed clock."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fakekube import FakeKube  # noqa: E402

from pyhelm.release.model import GoTime  # noqa: E402

FIXED = GoTime(1977, 9, 2, 22, 4, 5).astimezone()
FIXED_TIME = GoTime.from_datetime(FIXED.replace(tzinfo=None))
CLOCK_MODULES = ("hooks", "install", "upgrade", "rollback", "uninstall")

KUBECONFIG = """apiVersion: v1
kind: Config
clusters:
- name: fake
  cluster: {server: "https://127.0.0.1:1"}
contexts:
- name: fake
  context: {cluster: fake, user: fake, namespace: default}
current-context: fake
users:
- name: fake
  user: {token: fake}
"""


@pytest.fixture()
def fixed_clock(monkeypatch):
    """Every action's ``now()`` returns Helm's test time (1977-09-02 22:04:05 local)."""
    import importlib

    for name in CLOCK_MODULES:
        monkeypatch.setattr(importlib.import_module(f"pyhelm.action.{name}"), "now", lambda: FIXED_TIME)
    return FIXED_TIME


@pytest.fixture()
def fake_cluster(monkeypatch, tmp_path):
    """CLI runs act on one FakeKube with the memory driver; returns the FakeKube."""
    from pyhelm.action import configuration

    kube = FakeKube()
    monkeypatch.setattr(configuration, "KUBE_FACTORY", lambda client: kube)
    path = tmp_path / "kubeconfig"
    path.write_text(KUBECONFIG)
    monkeypatch.setenv("KUBECONFIG", str(path))
    monkeypatch.setenv("HELM_DRIVER", "memory")
    return kube


from conftest_cluster import kube_client, kube_namespace, kubeconfig  # noqa: E402, F401


def pytest_configure(config: pytest.Config) -> None:
    # The local API server's certificate is self-signed (insecure-skip-tls-verify).
    config.addinivalue_line("filterwarnings", "ignore::urllib3.exceptions.InsecureRequestWarning")
