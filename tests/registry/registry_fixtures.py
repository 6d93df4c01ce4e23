"""Real OCI registries on loopback for the registry tests (Debian's docker-registry).

Fixtures are re-exported by this folder's ``conftest.py``; test modules import the
constants and helpers from here (a module name no other test folder uses).

``plain_registry`` and ``tls_registry`` start ``scripts/registry/server.sh`` once per test
worker with htpasswd auth (user ``helm``); the TLS one serves a certificate of a test CA
whose file is ``Registry.ca_file``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "scripts" / "registry" / "server.sh"
USER = "helm"
PASSWORD = "helm-secret"


@dataclass
class Registry:
    """A running test registry: ``host`` is ``127.0.0.1:PORT``."""

    host: str
    state: Path
    tls: bool

    @property
    def ca_file(self) -> str:
        return str(self.state / "ca.crt")


def _env(state: Path) -> dict[str, str]:
    return dict(os.environ, PYHELM_REGISTRY_STATE=str(state), PYHELM_REGISTRY_USER=USER,
                PYHELM_REGISTRY_PASSWORD=PASSWORD, PYTHON=sys.executable)


def _start(state: Path, tls: bool) -> Registry:
    env = _env(state)
    cmd = [str(SERVER), "start"] + (["--tls"] if tls else [])
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        if not os.path.exists("/usr/bin/docker-registry"):
            pytest.skip(f"Debian's docker-registry is not available: {proc.stderr.strip()}")
        raise RuntimeError(f"registry did not start: {proc.stderr}")
    return Registry(proc.stdout.strip().splitlines()[-1], state, tls)


def _stop(reg: Registry) -> None:
    env = dict(os.environ, PYHELM_REGISTRY_STATE=str(reg.state))
    subprocess.run([str(SERVER), "stop"], env=env, capture_output=True, timeout=60)


@pytest.fixture(scope="session")
def plain_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Registry]:
    reg = _start(tmp_path_factory.mktemp("registry-plain"), tls=False)
    yield reg
    _stop(reg)


@pytest.fixture(scope="session")
def tls_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Registry]:
    reg = _start(tmp_path_factory.mktemp("registry-tls"), tls=True)
    yield reg
    _stop(reg)


@pytest.fixture()
def helm_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Fresh Helm config/cache homes and registry config for one test (no Docker fallback creds)."""
    monkeypatch.setenv("HELM_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("HELM_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("HELM_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HELM_REGISTRY_CONFIG", str(tmp_path / "registry.json"))
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path / "docker"))
    return tmp_path


@pytest.fixture(scope="session")
def mtls_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Registry]:
    """TLS registry that also requires a client certificate (``client.crt``/``client.key`` in its state)."""
    state = tmp_path_factory.mktemp("registry-mtls")
    env = _env(state)
    proc = subprocess.run([str(SERVER), "start", "--mtls"], env=env, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"registry did not start: {proc.stderr}")
    reg = Registry(proc.stdout.strip().splitlines()[-1], state, True)
    yield reg
    _stop(reg)


def run_cli(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    """Run ``pyhelm ARGV`` in-process with ``stdin``; returns (exit code, stdout, stderr)."""
    import contextlib
    import io

    from pyhelm.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    finally:
        sys.stdin = saved
    return code, out.getvalue(), err.getvalue()


def ref_error(fn) -> str:  # noqa: ANN001 - any zero-argument callable
    """The message of the reference Helm's exception raised by ``fn()``."""
    import helm_python

    with pytest.raises(helm_python.HelmError) as caught:
        fn()
    return str(caught.value)


@dataclass
class TokenRegistry(Registry):
    """A registry with Docker token auth; ``tokens`` is the in-process token server."""

    tokens: object = None


@pytest.fixture(scope="session")
def token_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TokenRegistry]:
    from tokenserver import TokenServer

    state = tmp_path_factory.mktemp("registry-token")
    tokens = TokenServer(state, USER, PASSWORD)
    env = _env(state)
    proc = subprocess.run([str(SERVER), "start", "--token", tokens.realm, str(tokens.cert_file)], env=env,
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        tokens.close()
        raise RuntimeError(f"registry did not start: {proc.stderr}")
    reg = TokenRegistry(proc.stdout.strip().splitlines()[-1], state, False, tokens)
    yield reg
    _stop(reg)
    tokens.close()
