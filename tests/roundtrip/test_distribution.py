"""Chart distribution end to end on real servers, every step through pyhelm's CLI.

create → package --sign → push to an OCI registry (Debian's docker-registry) and publish
to an HTTP repository (``pyhelm serve``) → repo add / update → search → pull --verify →
dependency update of a parent chart (from the repository by ``@name`` and from the
registry by ``oci://``) → template and install on the control plane. The reference Helm
checks the signature and reads the pushed chart.
"""

from __future__ import annotations

import contextlib
import io
import threading

import helm_python
import pytest
from registry_fixtures import PASSWORD, USER
from testpaths import SHARED

from pyhelm.cli.main import main
from pyhelm.cli.serve import make_server

pytestmark = pytest.mark.cluster

KEYS = SHARED / "helm-cmd-testdata"


def run(argv: list[str], stdin: str = "") -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    assert code == 0, f"pyhelm {' '.join(argv)}: {err.getvalue()}"
    return out.getvalue()


@pytest.fixture()
def served(tmp_path):
    root = tmp_path / "published"
    root.mkdir()
    server = make_server("127.0.0.1:0", str(root))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, root
    finally:
        server.shutdown()
        server.server_close()


def test_create_sign_publish_pull_depend_install(tmp_path, monkeypatch, served, plain_registry, kubeconfig,
                                                 kube_client, kube_namespace) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KUBECONFIG", kubeconfig)
    server, published = served
    registry = plain_registry.host
    secret, public = str(KEYS / "helm-test-key.secret"), str(KEYS / "helm-test-key.pub")

    assert run(["create", "webapp"]) == "Creating webapp\n"
    out = run(["package", "webapp", "--sign", "--key", "helm-test", "--keyring", secret, "-d", str(published)])
    archive = published / "webapp-0.1.0.tgz"
    assert out == f"Successfully packaged chart and saved it to: {archive}\n"
    assert helm_python.verify(str(archive), public)["file_hash"].startswith("sha256:")

    run(["registry", "login", registry, "-u", USER, "--password", PASSWORD, "--plain-http"])
    out = run(["push", str(archive), f"oci://{registry}/charts", "--plain-http"])
    assert out.startswith(f"Pushed: {registry}/charts/webapp:0.1.0\nDigest: sha256:")

    run(["repo", "add", "local", server.url])
    run(["repo", "update"])
    found = run(["search", "repo", "local/webapp"])
    assert found.splitlines()[1].split("\t")[0].strip() == "local/webapp"
    assert "0.1.0" in found.splitlines()[1]

    (tmp_path / "pulled").mkdir()
    (tmp_path / "from-oci").mkdir()
    run(["pull", "local/webapp", "--verify", "--keyring", public, "-d", "pulled"])
    assert (tmp_path / "pulled" / "webapp-0.1.0.tgz").read_bytes() == archive.read_bytes()
    run(["pull", f"oci://{registry}/charts/webapp", "--version", "0.1.0", "--plain-http", "-d", "from-oci"])
    assert (tmp_path / "from-oci" / "webapp-0.1.0.tgz").read_bytes() == archive.read_bytes()

    run(["create", "shop"])
    chart_yaml = tmp_path / "shop" / "Chart.yaml"
    chart_yaml.write_text(
        chart_yaml.read_text()
        + "dependencies:\n"
        + "- name: webapp\n  version: ^0.1.0\n  repository: '@local'\n"
        + f"- name: webapp\n  alias: webapp-oci\n  version: 0.1.0\n  repository: oci://{registry}/charts\n"
    )
    run(["dependency", "update", "shop", "--plain-http"])
    assert sorted(p.name for p in (tmp_path / "shop" / "charts").iterdir()) == ["webapp-0.1.0.tgz"]
    lock = (tmp_path / "shop" / "Chart.lock").read_text()
    assert "repository: '@local'" not in lock and f"oci://{registry}/charts" in lock
    listed = run(["dependency", "list", "shop"])
    assert [line.split()[-1] for line in listed.splitlines()[1:3]] == ["ok", "ok"]

    manifest = run(["template", "shopping", "shop"])
    assert "name: shopping-webapp\n" in manifest and "name: shopping-webapp-oci\n" in manifest
    run(["install", "shopping", "shop", "-n", kube_namespace])
    apps = kube_client.dynamic().resources.get(api_version="apps/v1", kind="Deployment")
    names = sorted(d.metadata.name for d in apps.get(namespace=kube_namespace).items)
    assert names == ["shopping", "shopping-webapp", "shopping-webapp-oci"]  # "shop" is in the release name


def test_verify_flag_checks_local_archives(tmp_path, monkeypatch) -> None:
    """``--verify`` on a local archive checks its .prov, as Helm's LocateChart does; tampering is refused."""
    monkeypatch.chdir(tmp_path)
    secret, public = str(KEYS / "helm-test-key.secret"), str(KEYS / "helm-test-key.pub")
    run(["create", "webapp"])
    run(["package", "webapp", "--sign", "--key", "helm-test", "--keyring", secret])
    assert "kind: Deployment" in run(["template", "x", "webapp-0.1.0.tgz", "--verify", "--keyring", public])
    with open("webapp-0.1.0.tgz", "ab") as archive:
        archive.write(b"tampered")
    with pytest.raises(helm_python.HelmError) as ref:
        helm_python.verify("webapp-0.1.0.tgz", public)
    # helm install wraps every failure of its run in "INSTALLATION FAILED: "
    for command, prefix in ((["template", "x"], ""), (["install", "x", "--dry-run"], "INSTALLATION FAILED: ")):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([*command, "webapp-0.1.0.tgz", "--verify", "--keyring", public])
        assert (code, out.getvalue(), err.getvalue()) == (1, "", f"Error: {prefix}{ref.value}\n")
