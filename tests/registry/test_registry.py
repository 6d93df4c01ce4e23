"""pyhelm's registry client and commands against a real registry, checked against the reference Helm.

Everything runs against Debian's docker-registry on loopback (htpasswd auth; plain HTTP and
TLS with a test CA). The reference (``helm_python``) logs in, pushes and pulls on the same
registries: credentials files, manifests, digests, tag lists, version resolution and error
messages must be the same.
"""

from __future__ import annotations

import hashlib
import io
import os
import socket
from pathlib import Path

import helm_python
import pytest
import requests
from oracle import write_chart
from registry_fixtures import PASSWORD, USER, Registry, ref_error, run_cli

from pyhelm.registry import RegistryError, is_oci
from pyhelm.registry.client import Client

FIXED_MTIME = 1_700_000_000  # archive mtime: Helm stamps it as org.opencontainers.image.created

CHART_YAML = """apiVersion: v2
name: {name}
version: {version}
description: Demo chart <{name}>
appVersion: "1.0"
home: https://example.com/{name}
sources: [https://src.example.com/{name}, https://other.example.com]
keywords: [demo]
maintainers:
- name: Jo
  email: jo@example.com
  url: https://jo.example.com
- email: anon@example.com
annotations:
  org.opencontainers.image.title: not-the-title
  org.opencontainers.image.url: https://override.example.com
  custom: "caf\u00e9"
dependencies:
- name: sub
  version: 0.1.0
  repository: file://../sub
  condition: sub.enabled
"""


def package(tmp: Path, name: str, version: str, *, mtime: int = FIXED_MTIME) -> Path:
    """A chart archive made by the reference Helm (``helm package``)."""
    root = tmp / f"src-{name}-{version}"
    root.mkdir(parents=True, exist_ok=True)
    chart = write_chart(root, {"cm.yaml": "kind: ConfigMap\n"}, "a: 1\n", name=name,
                        chart_yaml=CHART_YAML.format(name=name, version=version))
    write_chart(chart / "charts", {"x.yaml": "x: 1\n"}, "", name="sub",
                chart_yaml="apiVersion: v2\nname: sub\nversion: 0.1.0\n")
    out = Path(helm_python.package(str(chart), destination=str(tmp)))
    os.utime(out, (mtime, mtime))
    return out


def ref_client(reg: Registry, creds: Path) -> helm_python.RegistryClient:
    """A logged-in reference client for ``reg``."""
    client = helm_python.RegistryClient(plain_http=not reg.tls, credentials_file=str(creds))
    client.login(reg.host, USER, PASSWORD, plain_http=not reg.tls, insecure=reg.tls)
    return client


def ref_pull(client: helm_python.RegistryClient, ref: str, dest: Path, *, version: str | None = None,
             tls: bool = False) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    client.pull(ref, destination=str(dest), version=version, plain_http=not tls, insecure_skip_tls_verify=tls)
    (found,) = list(dest.iterdir())
    return found


def my_error(fn) -> str:
    with pytest.raises(RegistryError) as caught:
        fn()
    return str(caught.value)


def raw_manifest(reg: Registry, repo: str, tag: str) -> bytes:
    scheme = "https" if reg.tls else "http"
    resp = requests.get(f"{scheme}://{reg.host}/v2/{repo}/manifests/{tag}", auth=(USER, PASSWORD),
                        headers={"Accept": "application/vnd.oci.image.manifest.v1+json"},
                        verify=reg.ca_file if reg.tls else True, timeout=30)
    resp.raise_for_status()
    return resp.content


def registry_tags(reg: Registry, repo: str) -> list[str]:
    resp = requests.get(f"http://{reg.host}/v2/{repo}/tags/list", auth=(USER, PASSWORD), timeout=30)
    if resp.status_code == 404:
        return []
    return sorted(resp.json().get("tags") or [])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------------------- login / logout


def test_login_logout_files_match_reference(plain_registry: Registry, helm_home: Path) -> None:
    reg = plain_registry
    ours = Path(os.environ["HELM_REGISTRY_CONFIG"])
    theirs = helm_home / "ref-registry.json"
    code, out, err = run_cli(["registry", "login", reg.host, "-u", USER, "--password-stdin", "--plain-http"],
                             stdin=PASSWORD + "\n")
    assert (code, out, err) == (0, "Login Succeeded\n", "")
    ref = helm_python.RegistryClient(plain_http=True, credentials_file=str(theirs))
    ref.login(reg.host, USER, PASSWORD, plain_http=True)
    assert ours.read_bytes() == theirs.read_bytes()
    assert oct(ours.stat().st_mode & 0o777) == oct(theirs.stat().st_mode & 0o777)

    code, out, err = run_cli(["registry", "logout", reg.host])
    assert (code, out) == (0, f"Removing login credentials for {reg.host}\n")
    ref.logout(reg.host)
    assert ours.read_bytes() == theirs.read_bytes()


def test_login_keeps_other_entries_like_reference(plain_registry: Registry, helm_home: Path) -> None:
    reg = plain_registry
    start = '{"auths": {"other.example.com": {"auth": "dTpw"}}, "experimental": "enabled"}'
    ours = Path(os.environ["HELM_REGISTRY_CONFIG"])
    theirs = helm_home / "ref-registry.json"
    ours.write_text(start)
    theirs.write_text(start)
    code, _, err = run_cli(["registry", "login", reg.host, "-u", USER, "-p", PASSWORD, "--plain-http"])
    assert code == 0
    assert "insecure" in err
    helm_python.RegistryClient(plain_http=True, credentials_file=str(theirs)).login(
        reg.host, USER, PASSWORD, plain_http=True)
    assert ours.read_bytes() == theirs.read_bytes()


def test_login_wrong_password(plain_registry: Registry, helm_home: Path) -> None:
    reg = plain_registry
    ours = Path(os.environ["HELM_REGISTRY_CONFIG"])
    ours.write_text('{"auths": {}}')
    expected = ref_error(lambda: helm_python.RegistryClient(
        plain_http=True, credentials_file=str(helm_home / "ref.json")).login(reg.host, USER, "wrong", plain_http=True))
    code, out, err = run_cli(["registry", "login", reg.host, "-u", USER, "-p", "wrong", "--plain-http"])
    assert code == 1 and out == ""
    assert err.endswith(f"Error: {expected}\n")
    assert "401" in expected
    assert ours.read_text() == '{"auths": {}}'
    assert not (helm_home / "ref.json").exists()


def test_login_connection_refused(helm_home: Path) -> None:
    host = f"127.0.0.1:{free_port()}"
    expected = ref_error(lambda: helm_python.RegistryClient(
        plain_http=True, credentials_file=str(helm_home / "ref.json")).login(host, USER, PASSWORD, plain_http=True))
    code, out, err = run_cli(["registry", "login", host, "-u", USER, "--password-stdin", "--plain-http"],
                             stdin=PASSWORD)
    assert (code, out, err) == (1, "", f"Error: {expected}\n")
    assert not Path(os.environ["HELM_REGISTRY_CONFIG"]).exists()


def test_login_https_to_plain_registry(plain_registry: Registry, helm_home: Path) -> None:
    expected = ref_error(lambda: helm_python.RegistryClient(credentials_file=str(helm_home / "r.json")).login(
        plain_registry.host, USER, PASSWORD))
    code, _, err = run_cli(["registry", "login", plain_registry.host, "-u", USER, "--password-stdin"], stdin=PASSWORD)
    assert (code, err) == (1, f"Error: {expected}\n")


def test_login_bad_host_reference(helm_home: Path) -> None:
    host = "oci://127.0.0.1:5000"
    expected = ref_error(lambda: helm_python.RegistryClient(credentials_file=str(helm_home / "r.json")).login(
        host, USER, PASSWORD))
    code, _, err = run_cli(["registry", "login", host, "-u", USER, "--password-stdin"], stdin=PASSWORD)
    assert (code, err) == (1, f"Error: {expected}\n")


# ---------------------------------------------------------------------------------- push / pull


def test_push_matches_reference_manifest(plain_registry: Registry, helm_home: Path, tmp_path: Path) -> None:
    reg = plain_registry
    archive = package(tmp_path, "twin", "1.2.3+build.5")
    ref = ref_client(reg, helm_home / "ref.json")
    ref.push(str(archive), f"oci://{reg.host}/theirs", plain_http=True)
    run_cli(["registry", "login", reg.host, "-u", USER, "--password-stdin", "--plain-http"], stdin=PASSWORD)
    code, out, err = run_cli(["push", str(archive), f"oci://{reg.host}/ours", "--plain-http"])
    assert code == 0, err
    theirs = raw_manifest(reg, "theirs/twin", "1.2.3_build.5")
    ours = raw_manifest(reg, "ours/twin", "1.2.3_build.5")
    assert ours == theirs
    digest = "sha256:" + hashlib.sha256(ours).hexdigest()
    assert ref.resolve(f"oci://{reg.host}/ours/twin:1.2.3_build.5")["digest"] == digest
    ref_line = f"{reg.host}/ours/twin:1.2.3_build.5"
    assert out.startswith(f"Pushed: {ref_line}\nDigest: {digest}\n{ref_line} contains an underscore.\n")


def test_reference_pulls_what_pyhelm_pushed(plain_registry: Registry, helm_home: Path, tmp_path: Path) -> None:
    reg = plain_registry
    archive = package(tmp_path, "mine", "0.3.0")
    run_cli(["registry", "login", reg.host, "-u", USER, "--password-stdin", "--plain-http"], stdin=PASSWORD)
    code, out, err = run_cli(["push", str(archive), f"oci://{reg.host}/interop", "--plain-http"])
    assert code == 0, err
    ref = ref_client(reg, helm_home / "ref.json")
    pulled = ref_pull(ref, f"oci://{reg.host}/interop/mine", tmp_path / "out", version="0.3.0")
    assert pulled.name == "mine-0.3.0.tgz"
    assert pulled.read_bytes() == archive.read_bytes()
    digest = ref.resolve(f"oci://{reg.host}/interop/mine:0.3.0")["digest"]
    assert out == f"Pushed: {reg.host}/interop/mine:0.3.0\nDigest: {digest}\n"


def test_pyhelm_pulls_what_reference_pushed(plain_registry: Registry, helm_home: Path, tmp_path: Path) -> None:
    reg = plain_registry
    archive = package(tmp_path, "theirs", "2.0.0-rc.1+meta")
    ref = ref_client(reg, helm_home / "ref.json")
    ref.push(str(archive), f"oci://{reg.host}/fromref", plain_http=True)
    out = io.StringIO()
    client = Client(credentials_file=str(helm_home / "ref.json"), plain_http=True, out=out)
    result = client.pull(f"oci://{reg.host}/fromref/theirs", version="2.0.0-rc.1+meta")
    assert result.chart == archive.read_bytes()
    assert result.prov is None
    assert result.chart_digest == "sha256:" + hashlib.sha256(archive.read_bytes()).hexdigest()
    assert result.digest == ref.resolve(f"oci://{reg.host}/fromref/theirs:2.0.0-rc.1_meta")["digest"]
    assert result.meta.name == "theirs" and result.meta.version == "2.0.0-rc.1+meta"
    assert out.getvalue().startswith(f"Pulled: {reg.host}/fromref/theirs:2.0.0-rc.1_meta\nDigest: {result.digest}\n")
    by_digest = client.pull(f"oci://{reg.host}/fromref/theirs@{result.digest}")
    assert by_digest.chart == result.chart and by_digest.digest == result.digest


def _prov_sorting(chart_digest: str, before: bool) -> bytes:
    """A provenance body whose digest sorts before (or after) the chart layer's digest."""
    for i in range(1000):
        body = f"-----BEGIN PGP SIGNED MESSAGE-----\nnot a real signature {i}\n".encode()
        if (("sha256:" + hashlib.sha256(body).hexdigest()) < chart_digest) == before:
            return body
    raise AssertionError("no provenance body found")


@pytest.mark.parametrize("prov_first", [True, False])
def test_provenance_layer_round_trip(plain_registry: Registry, helm_home: Path, tmp_path: Path, prov_first: bool) -> None:
    reg = plain_registry
    archive = package(tmp_path, "signed", "1.0.0")
    prov = _prov_sorting("sha256:" + hashlib.sha256(archive.read_bytes()).hexdigest(), prov_first)
    (tmp_path / "signed-1.0.0.tgz.prov").write_bytes(prov)
    repo = f"prov{int(prov_first)}"
    run_cli(["registry", "login", reg.host, "-u", USER, "--password-stdin", "--plain-http"], stdin=PASSWORD)
    code, _, err = run_cli(["push", str(archive), f"oci://{reg.host}/{repo}", "--plain-http"])
    assert code == 0, err
    # the reference pushes the same archive and .prov: the same manifest, layer order included
    ref = ref_client(reg, helm_home / "ref.json")
    ref.push(str(archive), f"oci://{reg.host}/{repo}ref", plain_http=True)
    assert raw_manifest(reg, f"{repo}/signed", "1.0.0") == raw_manifest(reg, f"{repo}ref/signed", "1.0.0")
    result = Client(plain_http=True, username=USER, password=PASSWORD).pull(
        f"oci://{reg.host}/{repo}/signed:1.0.0", with_prov=True)
    assert result.prov == prov and result.chart == archive.read_bytes()


def test_tags_and_version_resolution(plain_registry: Registry, helm_home: Path, tmp_path: Path) -> None:
    reg = plain_registry
    versions = ["0.1.0", "0.2.0", "1.0.0-alpha.1", "1.0.0", "1.0.1+build.7", "1.1.0", "2.0.0-beta"]
    client = Client(credentials_file=str(helm_home / "creds.json"), plain_http=True)
    client.login(reg.host, USER, PASSWORD)
    for v in versions:
        data = package(tmp_path / "pkgs", "multi", v).read_bytes()
        client.push(data, f"{reg.host}/tags/multi:{v}")
    ref = ref_client(reg, helm_home / "ref.json")
    repo = f"oci://{reg.host}/tags/multi"
    assert client.tags(repo) == ref.tags(repo)
    assert client.tags(repo)[0] == "2.0.0-beta"
    for i, constraint in enumerate(["", "^1", "~0.1", ">=1.0.0-0 <1.0.0", "1.0.1+build.7", "<=1.0.1", "*", "0.2.0"]):
        ours = client.pull(repo, version=constraint or None)
        theirs = ref_pull(ref, repo, tmp_path / f"c{i}", version=constraint or None)
        assert theirs.name == f"multi-{ours.version}.tgz", constraint
        assert theirs.read_bytes() == ours.chart
    for constraint in [">5", "not-a-version"]:
        assert my_error(lambda c=constraint: client.pull(repo, version=c)) == ref_error(
            lambda c=constraint: ref.pull(repo, version=c, destination=str(tmp_path / "x"), plain_http=True))


@pytest.mark.parametrize(
    "suffix, version",
    [
        ("/nothere/chart", None),         # repository unknown to the registry
        ("/tags/multi", "9.9.9"),          # a tag that does not exist
        ("/tags/multi:1.0.0", "1.1.0"),   # --version against the tag in the reference
        ("/tags/multi:1.0.1+build.7", None),
        ("/tags/multi:1.0.1_build.7", None),
        ("/tags/Multi", None),
        ("", None),
    ],
)
def test_pull_errors_match_reference(plain_registry: Registry, helm_home: Path, tmp_path: Path,
                                     suffix: str, version: str | None) -> None:
    reg = plain_registry
    ref = ref_client(reg, helm_home / "ref.json")
    client = Client(credentials_file=str(helm_home / "ref.json"), plain_http=True)
    target = f"oci://{reg.host}{suffix}"
    expected = ref_error(lambda: ref.pull(target, version=version, destination=str(tmp_path), plain_http=True))
    assert my_error(lambda: client.pull(target, version=version)) == expected


def test_pull_without_credentials(plain_registry: Registry, helm_home: Path, tmp_path: Path) -> None:
    reg = plain_registry
    archive = package(tmp_path, "locked", "1.0.0")
    ref = ref_client(reg, helm_home / "ref.json")
    ref.push(str(archive), f"oci://{reg.host}/locked", plain_http=True)
    anon = helm_python.RegistryClient(plain_http=True, credentials_file=str(helm_home / "none.json"))
    target = f"oci://{reg.host}/locked/locked"
    expected = ref_error(lambda: anon.pull(target, version="1.0.0", destination=str(tmp_path), plain_http=True))
    ours = Client(credentials_file=str(helm_home / "none.json"), plain_http=True)
    assert my_error(lambda: ours.pull(target, version="1.0.0")) == expected
    wrong = Client(plain_http=True, username=USER, password="wrong")
    assert "401" in my_error(lambda: wrong.pull(target, version="1.0.0"))


def test_non_chart_artifact(plain_registry: Registry, helm_home: Path, tmp_path: Path) -> None:
    reg = plain_registry
    session = requests.Session()
    session.auth = (USER, PASSWORD)
    base = f"http://{reg.host}/v2/other/image"

    def blob(data: bytes) -> str:
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        loc = session.post(f"{base}/blobs/uploads/").headers["Location"]
        assert session.put(loc, params={"digest": digest}, data=data).status_code == 201
        return digest

    manifest = ('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",'
                f'"config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{blob(b"{}")}","size":2}},'
                f'"layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{blob(b"hello")}","size":5}}]}}')
    resp = session.put(f"{base}/manifests/1.0.0", data=manifest,
                       headers={"Content-Type": "application/vnd.oci.image.manifest.v1+json"})
    assert resp.status_code == 201
    ref = ref_client(reg, helm_home / "ref.json")
    target = f"oci://{reg.host}/other/image"
    expected = ref_error(lambda: ref.pull(target, version="1.0.0", destination=str(tmp_path), plain_http=True))
    client = Client(credentials_file=str(helm_home / "ref.json"), plain_http=True)
    assert my_error(lambda: client.pull(target, version="1.0.0")) == expected


def test_push_errors(plain_registry: Registry, helm_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reg = plain_registry
    archive = package(tmp_path, "bad", "1.0.0")
    ref = ref_client(reg, helm_home / "ref.json")
    monkeypatch.setenv("HELM_REGISTRY_CONFIG", str(helm_home / "ref.json"))
    dead = f"127.0.0.1:{free_port()}"
    text = tmp_path / "notachart.tgz"
    text.write_text("hello\n")
    cases = [
        (str(archive), f"oci://{dead}/charts"),            # connection refused
        (str(archive), f"https://{reg.host}/charts"),      # not an oci:// remote
        (str(archive), f"{reg.host}/charts"),              # no scheme
        (str(tmp_path), f"oci://{reg.host}/charts"),       # a directory
        (str(tmp_path / "missing.tgz"), f"oci://{reg.host}/charts"),
        (str(text), f"oci://{reg.host}/charts"),           # not an archive
        (str(archive), f"oci://{reg.host}/charts:1.0"),    # a tag in the remote
    ]
    for chart, remote in cases:
        # (for the dead registry the error names the manifest digest: equal, as the archive mtime is)
        expected = ref_error(lambda c=chart, r=remote: helm_python.push(c, r, client=ref, plain_http=True))
        code, out, err = run_cli(["push", chart, remote, "--plain-http"])
        assert (code, out, err) == (1, "", f"Error: {expected}\n"), (chart, remote)
    assert registry_tags(reg, "charts/bad") == []


def test_push_over_plain_http_needs_flag(plain_registry: Registry, helm_home: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    reg = plain_registry
    archive = package(tmp_path, "flag", "1.0.0")
    ref_client(reg, helm_home / "ref.json")  # writes the logged-in credentials file
    monkeypatch.setenv("HELM_REGISTRY_CONFIG", str(helm_home / "ref.json"))
    expected = ref_error(lambda: helm_python.push(str(archive), f"oci://{reg.host}/flag", client=helm_python.RegistryClient(
        credentials_file=str(helm_home / "ref.json"))))
    code, out, err = run_cli(["push", str(archive), f"oci://{reg.host}/flag"])
    assert (code, out, err) == (1, "", f"Error: {expected}\n")
    assert registry_tags(reg, "flag/flag") == []


# ---------------------------------------------------------------------------------- TLS


def test_tls_with_test_ca(tls_registry: Registry, helm_home: Path, tmp_path: Path) -> None:
    reg = tls_registry
    archive = package(tmp_path, "secure", "1.0.0")
    # without the CA the certificate is refused, as by the reference
    expected = ref_error(lambda: helm_python.RegistryClient(credentials_file=str(helm_home / "r0.json")).login(
        reg.host, USER, PASSWORD))
    code, _, err = run_cli(["registry", "login", reg.host, "-u", USER, "--password-stdin"], stdin=PASSWORD)
    assert (code, err) == (1, f"Error: {expected}\n")
    assert "certificate" in expected
    assert not Path(os.environ["HELM_REGISTRY_CONFIG"]).exists()
    code, out, err = run_cli(["registry", "login", reg.host, "-u", USER, "--password-stdin", "--insecure"],
                             stdin=PASSWORD)
    assert (code, out) == (0, "Login Succeeded\n"), err
    code, out, err = run_cli(["registry", "login", reg.host, "-u", USER, "--password-stdin", "--ca-file", reg.ca_file],
                             stdin=PASSWORD)
    assert (code, out) == (0, "Login Succeeded\n"), err
    code, out, err = run_cli(["push", str(archive), f"oci://{reg.host}/tls", "--ca-file", reg.ca_file])
    assert code == 0, err
    code, _, err = run_cli(["push", str(archive), f"oci://{reg.host}/tls2"])
    assert code == 1 and "certificate signed by unknown authority" in err
    code, _, err = run_cli(["push", str(archive), f"oci://{reg.host}/tls3", "--insecure-skip-tls-verify"])
    assert code == 0, err
    ref = ref_client(reg, helm_home / "ref.json")
    assert Path(os.environ["HELM_REGISTRY_CONFIG"]).read_bytes() == (helm_home / "ref.json").read_bytes()
    pulled = ref_pull(ref, f"oci://{reg.host}/tls/secure", tmp_path / "out", version="1.0.0", tls=True)
    assert pulled.read_bytes() == archive.read_bytes()
    ref.push(str(archive), f"oci://{reg.host}/tlsref", insecure_skip_tls_verify=True)
    assert raw_manifest(reg, "tls/secure", "1.0.0") == raw_manifest(reg, "tlsref/secure", "1.0.0")
    mine = Client(credentials_file=os.environ["HELM_REGISTRY_CONFIG"], ca_file=reg.ca_file)
    assert mine.pull(f"oci://{reg.host}/tlsref/secure:1.0.0").chart == archive.read_bytes()


def test_is_oci() -> None:
    assert is_oci("oci://r.example.com/charts/x")
    assert not is_oci("https://r.example.com/charts")
    assert not is_oci("OCI://r/x")


@pytest.mark.parametrize("content", ["{not json", "[]", '{"auths": []}', '{"auths": {"x": 1}', "null", ""])
def test_unreadable_credentials_file(plain_registry: Registry, helm_home: Path, content: str) -> None:
    reg = plain_registry
    ours = theirs = Path(os.environ["HELM_REGISTRY_CONFIG"])
    ours.write_text(content)
    expected = ref_error(lambda: helm_python.RegistryClient(plain_http=True, credentials_file=str(theirs)).tags(
        f"{reg.host}/nothing/here"))
    assert my_error(lambda: Client(plain_http=True, credentials_file=str(ours)).tags(f"{reg.host}/nothing/here")) == expected
    if content.strip() in ("", "null"):
        return
    expected = ref_error(lambda: helm_python.RegistryClient(plain_http=True, credentials_file=str(theirs)).login(
        reg.host, USER, PASSWORD, plain_http=True))
    code, out, err = run_cli(["registry", "login", reg.host, "-u", USER, "--password-stdin", "--plain-http"],
                             stdin=PASSWORD)
    assert (code, out, err) == (1, "", f"Error: {expected}\n")
    assert ours.read_text() == content


def test_repository_without_semver_tags(plain_registry: Registry, helm_home: Path, tmp_path: Path) -> None:
    reg = plain_registry
    archive = package(tmp_path, "latest", "1.0.0")
    client = Client(credentials_file=str(helm_home / "creds.json"), plain_http=True)
    client.login(reg.host, USER, PASSWORD)
    client.push(archive.read_bytes(), f"{reg.host}/nosemver/latest:latest", strict=False)
    ref = ref_client(reg, helm_home / "ref.json")
    target = f"oci://{reg.host}/nosemver/latest"
    assert client.tags(target) == ref.tags(target) == []
    expected = ref_error(lambda: ref.pull(target, destination=str(tmp_path), plain_http=True))
    assert my_error(lambda: client.pull(target)) == expected
    # Helm resolves even an explicit non-semver tag through the semver tags, and fails
    expected = ref_error(lambda: ref.pull(target + ":latest", destination=str(tmp_path), plain_http=True))
    assert my_error(lambda: client.pull(target + ":latest")) == expected
