"""Registry authentication beyond htpasswd: Docker's bearer-token flow and TLS client certificates.

The token registry is Debian's docker-registry with ``auth: token`` and an in-process
token server; the reference Helm talks to the same registry for comparison.
"""

from __future__ import annotations

import io
from pathlib import Path

import helm_python
import pytest
from registry_fixtures import PASSWORD, USER, Registry, TokenRegistry, ref_error, run_cli
from test_registry import package

from pyhelm.registry import RegistryError
from pyhelm.registry.client import Client


def test_bearer_token_login_push_pull(token_registry: TokenRegistry, helm_home: Path, tmp_path: Path) -> None:
    reg = token_registry
    archive = package(tmp_path, "tok", "1.0.0")
    code, out, err = run_cli(["registry", "login", reg.host, "-u", USER, "--password-stdin", "--plain-http"],
                             stdin=PASSWORD)
    assert (code, out) == (0, "Login Succeeded\n"), err
    ours = Path(helm_home / "registry.json")
    theirs = helm_home / "ref.json"
    ref = helm_python.RegistryClient(plain_http=True, credentials_file=str(theirs))
    ref.login(reg.host, USER, PASSWORD, plain_http=True)
    assert ours.read_bytes() == theirs.read_bytes()

    code, out, err = run_cli(["push", str(archive), f"oci://{reg.host}/bearer", "--plain-http"])
    assert code == 0, err
    pushed = [r for r in reg.tokens.requests if r["scopes"] == ["repository:bearer/tok:pull,push"]]
    assert pushed and pushed[-1]["subject"] == USER
    dest = tmp_path / "out"
    dest.mkdir()
    ref.pull(f"oci://{reg.host}/bearer/tok", version="1.0.0", destination=str(dest), plain_http=True)
    assert (dest / "tok-1.0.0.tgz").read_bytes() == archive.read_bytes()
    assert ref.tags(f"oci://{reg.host}/bearer/tok") == Client(credentials_file=str(ours), plain_http=True).tags(
        f"oci://{reg.host}/bearer/tok")
    result = Client(credentials_file=str(ours), plain_http=True, out=io.StringIO()).pull(f"oci://{reg.host}/bearer/tok")
    assert result.chart == archive.read_bytes()


def test_bearer_token_refusals_match_reference(token_registry: TokenRegistry, helm_home: Path, tmp_path: Path) -> None:
    reg = token_registry
    nobody = str(helm_home / "nobody.json")
    expected = ref_error(lambda: helm_python.RegistryClient(plain_http=True, credentials_file=nobody).login(
        reg.host, USER, "wrong", plain_http=True))
    code, out, err = run_cli(["registry", "login", reg.host, "-u", USER, "-p", "wrong", "--plain-http"])
    assert (code, out) == (1, "")
    assert err.endswith(f"Error: {expected}\n")
    assert not (helm_home / "registry.json").exists()
    target = f"oci://{reg.host}/bearer/anonymous"
    expected = ref_error(lambda: helm_python.RegistryClient(plain_http=True, credentials_file=nobody).pull(
        target, destination=str(tmp_path), plain_http=True))
    with pytest.raises(RegistryError) as caught:
        Client(plain_http=True, credentials_file=nobody).pull(target)
    assert str(caught.value) == expected


def test_client_certificate(mtls_registry: Registry, helm_home: Path, tmp_path: Path) -> None:
    reg = mtls_registry
    cert, key = str(reg.state / "client.crt"), str(reg.state / "client.key")
    archive = package(tmp_path, "mtls", "1.0.0")
    code, _, err = run_cli(["registry", "login", reg.host, "-u", USER, "--password-stdin", "--ca-file", reg.ca_file],
                           stdin=PASSWORD)
    assert code == 1 and err.startswith(f'Error: authenticating to "{reg.host}": Get "https://{reg.host}/v2/": ')
    assert not (helm_home / "registry.json").exists()
    code, out, err = run_cli(["registry", "login", reg.host, "-u", USER, "--password-stdin", "--ca-file", reg.ca_file,
                              "--cert-file", cert, "--key-file", key], stdin=PASSWORD)
    assert (code, out) == (0, "Login Succeeded\n"), err
    code, _, err = run_cli(["push", str(archive), f"oci://{reg.host}/mtls", "--ca-file", reg.ca_file,
                            "--cert-file", cert, "--key-file", key])
    assert code == 0, err
    client = Client(credentials_file=str(helm_home / "registry.json"), ca_file=reg.ca_file, cert_file=cert, key_file=key)
    assert client.pull(f"oci://{reg.host}/mtls/mtls:1.0.0").chart == archive.read_bytes()
