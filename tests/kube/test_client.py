"""The Kubernetes client on the real control plane, against the reference Helm's behaviour.

Reachability, authentication failures and impersonation. (The namespace a context
names is checked against kubectl in test_config.py: the reference SDK always defaults
to ``default``, where the Helm CLI takes the context's namespace.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import helm_python as helm
import pytest

from pyhelm.kube.client import UnreachableError, new_client
from pyhelm.kube.config import KubeOptions
from pyhelm.storage import Storage, StorageError, new_driver

pytestmark = pytest.mark.cluster


def ref_error(call: str, **kw: Any) -> str:
    cfg = helm.Config(**kw)
    try:
        getattr(cfg, call)()
    except helm.HelmError as err:
        return str(err)
    finally:
        cfg.close()
    raise AssertionError("the reference succeeded")


def test_reachable_and_version(kubeconfig: str) -> None:
    client = new_client(KubeOptions(kubeconfig=kubeconfig), {})
    client.is_reachable()
    assert client.server_version()["gitVersion"].startswith("v1.20.")
    assert client.namespace == "default"


def test_bad_token_against_reference(kubeconfig: str) -> None:
    expected = ref_error("check_reachable", kubeconfig_path=kubeconfig, kube_token="not-a-token")
    client = new_client(KubeOptions(kubeconfig=kubeconfig, token="not-a-token"), {})
    with pytest.raises(UnreachableError) as err:
        client.is_reachable()
    assert str(err.value) == expected


def test_impersonation_against_reference(kubeconfig: str) -> None:
    # Impersonating a user without rights: reachable, but listing release Secrets is forbidden.
    expected = ref_error("list", kubeconfig_path=kubeconfig, kube_as_user="nobody")
    client = new_client(KubeOptions(kubeconfig=kubeconfig, as_user="nobody"), {})
    client.is_reachable()
    with pytest.raises(StorageError) as err:
        Storage(new_driver("secret", namespace="default", kube_client=client)).list_deployed()
    assert str(err.value) == expected


def _reachable(fn: Any) -> bool:
    try:
        fn()
    except (helm.HelmError, UnreachableError, StorageError):
        return False
    return True


@pytest.mark.parametrize("tls", [
    {"kube_ca_file": "CA"},
    {"kube_ca_file": "CA", "kube_tls_server_name": "kubernetes"},
    {"kube_ca_file": "CA", "kube_tls_server_name": "wrong.example"},
    {"kube_ca_file": "/etc/ssl/certs/ca-certificates.crt"},
    {"kube_insecure_skip_tls_verify": True, "kube_tls_server_name": "wrong.example"},
], ids=lambda t: ",".join(f"{k}={v}" for k, v in t.items()))
def test_tls_flags_verify_like_reference(kubeconfig: str, tls: dict[str, Any]) -> None:
    """Real certificate checks: the API server's self-signed bundle as CA, server-name overrides."""
    ca = str(Path(kubeconfig).parent / "certs" / "apiserver.crt")
    tls = {k: (ca if v == "CA" else v) for k, v in tls.items()}
    cfg = helm.Config(kubeconfig_path=kubeconfig, **tls)
    try:
        cfg.check_reachable()
        expected = ""
    except helm.HelmError as err:
        expected = str(err)
    finally:
        cfg.close()
    names = {"kube_ca_file": "ca_file", "kube_tls_server_name": "tls_server_name",
             "kube_insecure_skip_tls_verify": "insecure_skip_tls_verify"}
    client = new_client(KubeOptions(kubeconfig=kubeconfig, **{names[k]: v for k, v in tls.items()}), {})
    try:
        client.is_reachable()
        got = ""
    except UnreachableError as err:
        got = str(err)
    assert got == expected


def test_in_cluster_service_account(kube_client: Any, kube_namespace: str, kubeconfig: str,
                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a pod (no kubeconfig, service-account files, KUBERNETES_SERVICE_*): the account's token and namespace."""
    import base64
    import time

    from pyhelm.kube import config as kube_config

    core = kube_client.core_v1()
    sa = None
    for _ in range(240):  # the controllers create the account, then its token secret
        try:
            sa = core.read_namespaced_service_account("default", kube_namespace)
        except Exception:  # noqa: BLE001 - not created yet
            sa = None
        if sa is not None and sa.secrets:
            break
        time.sleep(0.25)
    assert sa is not None and sa.secrets, "no service-account token secret"
    secret = core.read_namespaced_secret(sa.secrets[0].name, kube_namespace)
    token = tmp_path / "token"
    token.write_text(base64.b64decode(secret.data["token"]).decode())
    (tmp_path / "namespace").write_text(kube_namespace)
    monkeypatch.setattr(kube_config, "IN_CLUSTER_TOKEN", str(token))
    monkeypatch.setattr(kube_config, "IN_CLUSTER_CA", str(Path(kubeconfig).parent / "certs" / "apiserver.crt"))
    monkeypatch.setattr(kube_config, "IN_CLUSTER_NAMESPACE", str(tmp_path / "namespace"))
    port = kube_client.config.host.rsplit(":", 1)[1]
    env = {"HOME": str(tmp_path), "KUBERNETES_SERVICE_HOST": "127.0.0.1", "KUBERNETES_SERVICE_PORT": port}
    client = new_client(KubeOptions(), env)
    assert client.config.in_cluster and client.namespace == kube_namespace
    client.is_reachable()
    # The account may not read Secrets: the server names it in the refusal.
    with pytest.raises(StorageError, match=f"system:serviceaccount:{kube_namespace}:default"):
        Storage(new_driver("secret", namespace=kube_namespace, kube_client=client)).list_releases()


def test_dynamic_client_handles_any_kind(kube_client: Any, kube_namespace: str) -> None:
    """The dynamic client (used for arbitrary manifests) creates and reads a ConfigMap through discovery."""
    api = kube_client.dynamic().resources.get(api_version="v1", kind="ConfigMap")
    api.create(body={"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "dyn"},
                     "data": {"k": "v"}}, namespace=kube_namespace)
    assert api.get(name="dyn", namespace=kube_namespace).data.k == "v"


@pytest.mark.parametrize("auth", ["exec", "exec-relative", "tokenFile"])
def test_credential_sources_like_reference(kubeconfig: str, tmp_path: Path, auth: str) -> None:
    """Exec credential plugins (absolute and kubeconfig-relative command) and token files authenticate."""
    import yaml

    doc = yaml.safe_load(Path(kubeconfig).read_text())
    token = doc["users"][0]["user"].pop("token")
    if auth.startswith("exec"):
        plugin = tmp_path / "cred.sh"
        plugin.write_text("#!/bin/sh\necho '{\"apiVersion\": \"client.authentication.k8s.io/v1beta1\", "
                          f"\"kind\": \"ExecCredential\", \"status\": {{\"token\": \"{token}\"}}}}'\n")
        plugin.chmod(0o755)
        command = "./cred.sh" if auth == "exec-relative" else str(plugin)
        doc["users"][0]["user"]["exec"] = {"apiVersion": "client.authentication.k8s.io/v1beta1",
                                           "command": command}
    else:
        (tmp_path / "token").write_text(token)
        doc["users"][0]["user"]["tokenFile"] = "token"
    path = tmp_path / "kubeconfig"
    path.write_text(yaml.safe_dump(doc))
    cfg = helm.Config(kubeconfig_path=str(path))
    try:
        assert _reachable(cfg.list)
    finally:
        cfg.close()
    client = new_client(KubeOptions(kubeconfig=str(path)), {})
    Storage(new_driver("secret", namespace="default", kube_client=client)).list_releases()


@pytest.mark.parametrize("groups", [["system:masters"], ["devs", "system:masters"], ["devs", "ops"]])
def test_impersonated_groups_like_reference(kubeconfig: str, groups: list[str]) -> None:
    """Each --kube-as-group is its own group: system:masters among several still grants access."""
    cfg = helm.Config(kubeconfig_path=kubeconfig, kube_as_user="jane", kube_as_groups=groups)
    try:
        expected = _reachable(cfg.list)
    finally:
        cfg.close()
    client = new_client(KubeOptions(kubeconfig=kubeconfig, as_user="jane", as_groups=groups), {})
    store = Storage(new_driver("secret", namespace="default", kube_client=client))
    assert _reachable(store.list_releases) == expected
