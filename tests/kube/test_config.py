"""Kubeconfig loading: merged files, contexts, namespace defaults, flags overriding.

Oracles: the reference Helm (``helm_python.Config``) for single-file loading and the
``--kube-*`` flags — its ``check_reachable`` error names the URL it chose — and
kubectl (client-go, which Helm uses) for merging several ``KUBECONFIG`` files, since
the reference SDK takes ``KUBECONFIG`` as one path. Dead loopback ports stand for
servers: nothing here needs a running cluster.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import helm_python as helm
import pytest

from pyhelm.kube.client import KubeClient, UnreachableError, new_client
from pyhelm.kube.config import KubeOptions, resolve

# Ports nothing listens on: connection refused at once.
A, B, C, D = (f"https://127.0.0.1:{p}" for p in (1, 2, 3, 4))


def kubeconfig_text(clusters: dict[str, dict], contexts: dict[str, dict], users: dict[str, dict],
                    current: str | None) -> str:
    """A kubeconfig file from ``{name: body}`` maps."""
    doc: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": n, "cluster": b} for n, b in clusters.items()],
        "contexts": [{"name": n, "context": b} for n, b in contexts.items()],
        "users": [{"name": n, "user": b} for n, b in users.items()],
    }
    if current:
        doc["current-context"] = current
    return json.dumps(doc)


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, str]:
    """Two overlapping kubeconfigs, an empty one and a missing one."""
    a = tmp_path / "a.yaml"
    a.write_text(kubeconfig_text(
        {"c1": {"server": A}},
        {"ctx1": {"cluster": "c1", "user": "u1", "namespace": "ns-a"}},
        {"u1": {"token": "token-a"}},
        "ctx1",
    ))
    sub = tmp_path / "sub"
    sub.mkdir()
    b = sub / "b.yaml"
    b.write_text(kubeconfig_text(
        {"c1": {"server": B}, "c2": {"server": C, "certificate-authority": "ca.pem"}},
        {"ctx1": {"cluster": "c2", "user": "u2"}, "ctx2": {"cluster": "c2", "user": "u2"},
         "ctx3": {"cluster": "c1", "user": "u1", "namespace": "ns-b"}},
        {"u1": {"token": "token-b"}, "u2": {"token": "token-c"}},
        "ctx2",
    ))
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    return {"a": str(a), "b": str(b), "empty": str(empty), "missing": str(tmp_path / "nope.yaml"),
            "home": str(tmp_path)}


# ---------------------------------------------------------------------------
# reference Helm: single kubeconfig and the --kube-* flags
# ---------------------------------------------------------------------------


def ref_unreachable(**kw: Any) -> str:
    """The reference's ``check_reachable`` error text for a Config built with ``kw``."""
    cfg = helm.Config(**kw)
    try:
        cfg.check_reachable()
    except helm.HelmError as err:
        return str(err)
    finally:
        cfg.close()
    raise AssertionError("reference reached a dead port")


def ours_unreachable(options: KubeOptions, environ: dict[str, str]) -> str:
    try:
        new_client(options, environ).is_reachable()
    except UnreachableError as err:
        return str(err)
    raise AssertionError("reached a dead port")


FLAG_CASES = [
    {},
    {"kube_context": "ctx1"},
    {"kube_context": "ctx3"},
    {"kube_apiserver": D},
    {"kube_apiserver": "http://localhost:4"},
    {"kube_context": "ctx3", "kube_apiserver": "http://127.0.0.1:4/"},
    {"kube_context": "nope"},
    {"kube_token": "x", "kube_insecure_skip_tls_verify": True, "kube_tls_server_name": "n"},
]

_FLAG_NAMES = {
    "kube_context": "context", "kube_apiserver": "apiserver", "kube_token": "token",
    "kube_insecure_skip_tls_verify": "insecure_skip_tls_verify",
    "kube_tls_server_name": "tls_server_name",
}


@pytest.mark.parametrize("flags", FLAG_CASES, ids=lambda f: ",".join(f) or "none")
def test_flags_against_reference(files: dict[str, str], flags: dict[str, Any]) -> None:
    expected = ref_unreachable(kubeconfig_path=files["b"], **flags)
    opts = KubeOptions(kubeconfig=files["b"], **{_FLAG_NAMES[k]: v for k, v in flags.items()})
    assert ours_unreachable(opts, {"HOME": files["home"]}) == expected


def test_missing_explicit_kubeconfig_against_reference(files: dict[str, str]) -> None:
    expected = ref_unreachable(kubeconfig_path=files["missing"])
    assert ours_unreachable(KubeOptions(kubeconfig=files["missing"]), {}) == expected


def test_no_kubeconfig_defaults_to_localhost(files: dict[str, str]) -> None:
    # Helm's ClusterDefaults: with nothing configured the server is http://localhost:8080.
    resolved = resolve(KubeOptions(), {"HOME": files["home"]})
    assert resolved.host == "http://localhost:8080"
    assert resolved.namespace == "default"


# ---------------------------------------------------------------------------
# kubectl (client-go): merging KUBECONFIG files, contexts, namespaces
# ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def kubectl() -> str:
    """kubectl from Debian's kubernetes-client (installed by ``controlplane.sh kubectl``)."""
    path = shutil.which("kubectl")
    if path is None:
        root = Path(__file__).resolve().parents[2]
        proc = subprocess.run([str(root / "scripts/kube/controlplane.sh"), "kubectl"],
                              capture_output=True, text=True, timeout=1200, check=False)
        path = shutil.which("kubectl")
        if path is None:
            pytest.fail(f"kubectl unavailable after provisioning:\n{proc.stderr[-2000:]}")
    return path


def kubectl_view(kubectl: str, env: dict[str, str], *args: str) -> dict[str, Any]:
    proc = subprocess.run(
        [kubectl, "config", "view", "--minify", "--raw", "-o", "json", *args],
        capture_output=True, text=True, env={"PATH": os.environ.get("PATH", ""), **env}, check=True,
    )
    return json.loads(proc.stdout)


MERGE_CASES = [
    ("a:b", []),
    ("b:a", []),
    ("a:b", ["--context", "ctx2"]),
    ("a:b", ["--context", "ctx3"]),
    ("b:a", ["--context", "ctx1"]),
    ("missing:empty:b:a", []),
    ("empty:a", ["--context", "ctx1"]),
]


@pytest.mark.parametrize(("order", "args"), MERGE_CASES, ids=lambda v: " ".join(v) if isinstance(v, list) else v)
def test_merged_kubeconfig_against_kubectl(kubectl: str, files: dict[str, str], order: str,
                                           args: list[str]) -> None:
    env = {"KUBECONFIG": os.pathsep.join(files[k] for k in order.split(":")), "HOME": files["home"]}
    want = kubectl_view(kubectl, env, *args)
    context = want["contexts"][0]
    opts = KubeOptions(context=args[1] if args else None)
    got = resolve(opts, env)
    assert got.context_name == context["name"]
    cluster = dict(want["clusters"][0]["cluster"])
    if "certificate-authority" in cluster:
        # kubectl shows file references as written; only b.yaml (in sub/) has one.
        cluster["certificate-authority"] = str(Path(files["b"]).parent / cluster["certificate-authority"])
    assert got.cluster == cluster
    assert got.user == want["users"][0]["user"]
    assert got.namespace == (context["context"].get("namespace") or "default")


def test_explicit_kubeconfig_ignores_env(kubectl: str, files: dict[str, str]) -> None:
    env = {"KUBECONFIG": files["a"], "HOME": files["home"]}
    want = kubectl_view(kubectl, env, "--kubeconfig", files["b"])
    got = resolve(KubeOptions(kubeconfig=files["b"]), env)
    assert got.context_name == want["contexts"][0]["name"] == "ctx2"
    assert got.host == want["clusters"][0]["cluster"]["server"]
    assert got.user == want["users"][0]["user"]


def test_namespace_flag_and_helm_env(files: dict[str, str]) -> None:
    env = {"KUBECONFIG": files["a"], "HOME": files["home"]}
    assert resolve(KubeOptions(), env).namespace == "ns-a"
    assert resolve(KubeOptions(namespace="flag-ns"), env).namespace == "flag-ns"
    opts = KubeOptions.from_env({"HELM_NAMESPACE": "env-ns", "HELM_KUBECONTEXT": "ctx1",
                                 "HELM_KUBEASGROUPS": "g1,g2", "HELM_KUBEINSECURE_SKIP_TLS_VERIFY": "true"})
    assert (opts.namespace, opts.context, opts.as_groups, opts.insecure_skip_tls_verify) == (
        "env-ns", "ctx1", ["g1", "g2"], True)
    assert KubeOptions.from_env({"HELM_NAMESPACE": "env-ns"}, namespace="flag").namespace == "flag"


def test_client_configuration_carries_auth(files: dict[str, str]) -> None:
    env = {"KUBECONFIG": files["a"], "HOME": files["home"]}
    client = KubeClient(resolve(KubeOptions(as_user="jane", as_groups=["devs"]), env))
    api = client.api_client
    assert api.configuration.host == A
    assert api.configuration.api_key["BearerToken"] == "Bearer token-a"
    assert api.default_headers["Impersonate-User"] == "jane"
