"""Session fixtures for the real servers: the local control plane and PostgreSQL.

Import the fixtures into a folder's conftest.py::

    from conftest_cluster import kubeconfig, kube_client, postgres_url  # noqa: F401

``kubeconfig`` provisions (first run: builds the API server from Debian's sources,
about 5 minutes, cached afterwards) and starts the control plane with
``scripts/kube/controlplane.sh start``; ``postgres_url`` starts a throwaway server with
``scripts/postgres/server.sh start``. They skip only when provisioning is impossible on
this machine (no root, no route to the Debian mirrors); any other failure fails.
Sessions (pytest-xdist workers too) count themselves in the server's state dir; the
last one out stops a server that tests started (never one that was already running,
nor any with ``PYHELM_KEEP_SERVERS=1``).
"""

from __future__ import annotations

import contextlib
import fcntl
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


KUBE_STATE = Path(os.environ.get("PYHELM_KUBE_STATE", "/tmp/pyhelm-kube"))
PG_STATE = Path(os.environ.get("PYHELM_PG_STATE", "/tmp/pyhelm-postgres"))


@contextlib.contextmanager
def _users(state: Path) -> Iterator[Path]:
    """The locked count file of test sessions (pytest-xdist workers) using a server."""
    state.mkdir(parents=True, exist_ok=True)
    with open(state / ".test-users.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield state / ".test-users"


def _count(path: Path, delta: int) -> int:
    try:
        value = int(path.read_text() or 0)
    except (OSError, ValueError):
        value = 0
    value = max(0, value + delta)
    path.write_text(str(value))
    return value


@contextlib.contextmanager
def _server(script: Path, state: Path, what: str) -> Iterator[str]:
    """Start a server for this session; the last session out stops it if tests started it."""
    with _users(state) as users:
        marker = state / ".started-by-tests"
        if not _running(script):
            marker.touch()
            _count(users, -_count(users, 0))  # stale counts of killed sessions
        result = _start(script, what)
        _count(users, +1)
    try:
        yield result
    finally:
        with _users(state) as users:
            if _count(users, -1) == 0 and marker.exists() and not os.environ.get("PYHELM_KEEP_SERVERS"):
                _run(script, "stop", 120)
                marker.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def kubeconfig() -> Iterator[str]:
    """Path of a kubeconfig for the running local control plane."""
    with _server(CONTROLPLANE, KUBE_STATE, "the Kubernetes control plane") as path:
        yield path


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
    with _server(POSTGRES, PG_STATE, "PostgreSQL") as url:
        yield url
