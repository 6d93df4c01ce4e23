"""The README's main job: examples/django-stack installed, upgraded, rolled back — checked live.

The first test walks the same steps as ``scripts/demo`` through the CLI and checks the
objects on the API server after each one; the second runs ``scripts/demo`` itself.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess

import pytest
from testpaths import ROOT

from pyhelm.cli.main import main

pytestmark = pytest.mark.cluster

CHART = ROOT / "examples" / "django-stack"


def _run(argv: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(argv)
    assert code == 0, out.getvalue()
    return out.getvalue()


def _live(kube_client, namespace: str) -> dict[str, object]:
    apps = kube_client.dynamic().resources.get(api_version="apps/v1", kind="Deployment")
    web = apps.get(name="shop-django-stack-web", namespace=namespace)
    sts = kube_client.dynamic().resources.get(api_version="apps/v1", kind="StatefulSet")
    db = sts.get(name="shop-django-stack-postgres", namespace=namespace)
    ingresses = kube_client.dynamic().resources.get(api_version="networking.k8s.io/v1", kind="Ingress")
    names = [i.metadata.name for i in ingresses.get(namespace=namespace).items]
    cm = kube_client.core_v1().read_namespaced_config_map("shop-django-stack", namespace)
    secret = kube_client.core_v1().read_namespaced_secret("shop-django-stack", namespace)
    return {
        "web_replicas": web.spec.replicas,
        "db_storage": db.spec.volumeClaimTemplates[0].spec.resources.requests.storage,
        "ingresses": names,
        "allowed_hosts": cm.data["DJANGO_ALLOWED_HOSTS"],
        "managed_by": web.metadata.labels["app.kubernetes.io/managed-by"],
        "release_annotation": web.metadata.annotations["meta.helm.sh/release-name"],
        "secret_keys": sorted(secret.data),
    }


def test_demo_steps_change_the_cluster(monkeypatch, kubeconfig, kube_client, kube_namespace) -> None:
    monkeypatch.delenv("HELM_DRIVER", raising=False)
    monkeypatch.setenv("KUBECONFIG", kubeconfig)
    ns = ["-n", kube_namespace]
    _run(["install", "shop", str(CHART), *ns])
    installed = _live(kube_client, kube_namespace)
    assert installed == {
        "web_replicas": 1, "db_storage": "1Gi", "ingresses": [], "allowed_hosts": "*",
        "managed_by": "Helm", "release_annotation": "shop", "secret_keys": ["DJANGO_SECRET_KEY", "POSTGRES_PASSWORD"],
    }  # fmt: skip
    _run(["upgrade", "shop", str(CHART), *ns, "-f", str(CHART / "values-prod.yaml"), "--set", "postgres.volumeSize=1Gi"])
    upgraded = _live(kube_client, kube_namespace)
    assert (upgraded["web_replicas"], upgraded["ingresses"], upgraded["allowed_hosts"]) == (
        3, ["shop-django-stack"], "shop.example.com"
    )
    _run(["rollback", "shop", "1", *ns])
    assert _live(kube_client, kube_namespace) == installed
    history = _run(["history", "shop", *ns, "-o", "json"])
    import json

    assert [(h["revision"], h["status"], h["description"]) for h in json.loads(history)] == [
        (1, "superseded", "Install complete"),
        (2, "superseded", "Upgrade complete"),
        (3, "deployed", "Rollback to 1"),
    ]
    secrets = kube_client.core_v1().list_namespaced_secret(kube_namespace, label_selector="owner=helm,name=shop")
    assert sorted(s.metadata.name for s in secrets.items) == [f"sh.helm.release.v1.shop.v{n}" for n in (1, 2, 3)]


def test_demo_script_runs_end_to_end(kubeconfig, kube_client, kube_namespace) -> None:
    env = {**os.environ, "DEMO_NAMESPACE": kube_namespace, "DEMO_RELEASE": "shop"}
    env.pop("HELM_DRIVER", None)
    proc = subprocess.run([str(ROOT / "scripts" / "demo")], capture_output=True, text=True, env=env, timeout=1800)
    assert proc.returncode == 0, proc.stderr
    history = proc.stdout.split("### pyhelm history", 1)[1].splitlines()[2:]
    assert [line.split()[0] for line in history if line.strip()] == ["1", "2", "3"]
    assert "Rollback to 1" in history[-1] and "deployed" in history[-1]
    assert _live(kube_client, kube_namespace)["web_replicas"] == 1
