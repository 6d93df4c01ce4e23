"""Shared pytest set-up: the tests folder is importable (``oracle``, ``testpaths``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from testpaths import ROOT, SHARED, TESTS  # noqa: E402,F401 - kept for older imports

_HELM_PATH_VARIABLES = (
    "HELM_REPOSITORY_CONFIG", "HELM_REPOSITORY_CACHE", "HELM_REGISTRY_CONFIG", "HELM_CONTENT_CACHE",
    "HELM_NAMESPACE", "HELM_KUBECONTEXT", "HELM_DRIVER",
)  # fmt: skip


@pytest.fixture(autouse=True)
def _isolated_helm_homes(tmp_path_factory, monkeypatch):
    """Every test gets its own Helm config, cache and data homes: nothing is read from or
    written to the user's ~/.config/helm, ~/.cache/helm or ~/.local/share/helm."""
    home = tmp_path_factory.mktemp("helm-home")
    monkeypatch.setenv("HELM_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("HELM_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("HELM_DATA_HOME", str(home / "data"))
    for name in _HELM_PATH_VARIABLES:
        monkeypatch.delenv(name, raising=False)
