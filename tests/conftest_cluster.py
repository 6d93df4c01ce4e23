"""Session fixtures for the real servers: the local control plane and PostgreSQL.

Import the fixtures into a folder's conftest.py::

    from conftest_cluster import kubeconfig, kube_client, postgres_url  # noqa: F401

``kubeconfig`` provisions (first run: builds the API server from Debian's sources,
about 5 minutes, cached afterwards) and starts the control plane with
``scripts/kube/controlplane.sh start``; ``postgres_url`` starts a throwaway server with
``scripts/postgres/server.sh start``. They skip only when provisioning is impossible on
this machine (no root, no route to the Debian mirrors); any other failure fails.
A server this session started is stopped at the end of a non-parallel session; under
pytest-xdist it is left running for the other workers (``controlplane.sh stop``).
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONTROLPLANE = ROOT / "scripts" / "kube" / "controlplane.sh"
POSTGRES = ROOT / "scripts" / "postgres" / "server.sh"

_IMPOSSIBLE = (
    "Temporary failure resolving",
    "Could not resolve",
    "Failed to fetch",
    "Unable to fetch some archives",
    "need root",
    "needs root",
    "Network is unreachable",
)


def _run(script: Path, action: str, timeout: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(script), action], capture_output=True, text=True, timeout=timeout, check=False
    )


def _running(script: Path) -> bool:
    return _run(script, "status", 60).returncode == 0


def _start(script: Path, what: str) -> str:
    proc = _run(script, "start", 3600)
    if proc.returncode != 0:
        if any(marker in proc.stderr for marker in _IMPOSSIBLE):
            pytest.skip(f"cannot provision {what} on this machine: {proc.stderr.strip()[-500:]}")
        pytest.fail(f"{script.name} start failed:\n{proc.stderr[-3000:]}")
    return proc.stdout.strip().splitlines()[-1]


def _may_stop() -> bool:
    return "PYTEST_XDIST_WORKER" not in os.environ and not os.environ.get("PYHELM_KEEP_SERVERS")


@pytest.fixture(scope="session")
def kubeconfig() -> Iterator[str]:
    """Path of a kubeconfig for the running local control plane."""
    was_running = _running(CONTROLPLANE)
    path = _start(CONTROLPLANE, "the Kubernetes control plane")
    yield path
    if not was_running and _may_stop():
        _run(CONTROLPLANE, "stop", 120)


@pytest.fixture(scope="session")
def kube_client(kubeconfig: str) -> Any:
    """A :class:`pyhelm.kube.client.KubeClient` for the control plane (namespace ``default``)."""
    from pyhelm.kube.client import new_client
    from pyhelm.kube.config import KubeOptions

    return new_client(KubeOptions(kubeconfig=kubeconfig), environ={})


@pytest.fixture()
def kube_namespace(kube_client: Any) -> Iterator[str]:
    """A fresh namespace, deleted afterwards."""
    name = f"t-{uuid.uuid4().hex[:10]}"
    core = kube_client.core_v1()
    core.create_namespace({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}})
    yield name
    try:
        core.delete_namespace(name)
    except Exception:  # noqa: BLE001 - best-effort cleanup
        pass


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A connection string for a throwaway PostgreSQL database."""
    was_running = _running(POSTGRES)
    url = _start(POSTGRES, "PostgreSQL")
    yield url
    if not was_running and _may_stop():
        _run(POSTGRES, "stop", 120)
