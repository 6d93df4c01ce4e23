"""Release actions on the real control plane, against the reference Helm on the same cluster.

The reference installs a chart in one namespace and pyhelm the same chart in another;
live objects (modulo namespace, uid, timestamps) and stored release records (status,
revision, description, hooks, manifest, values, apply method) must agree. The
reference also reads, upgrades and rolls back releases pyhelm wrote, and vice versa.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from oracle import write_chart

from pyhelm.action import configuration as configuration_mod
from pyhelm.action.install import InstallError, InstallOptions, install
from pyhelm.action.rollback import RollbackOptions, rollback
from pyhelm.action.uninstall import UninstallOptions, uninstall
from pyhelm.action.upgrade import UpgradeError, UpgradeOptions, upgrade
from pyhelm.release.model import Status
from pyhelm.storage import Storage
from pyhelm.storage.driver import NoDeployedReleasesError, new_driver

pytestmark = pytest.mark.cluster

TEMPLATES = {
    "cm.yaml": """apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-cfg
data:
  color: {{ .Values.color | quote }}
  revision: {{ .Release.Revision | quote }}
  upgrade: {{ .Release.IsUpgrade | quote }}
""",
    "extra.yaml": """{{- if .Values.extra }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-extra
data:
  a: b
{{- end }}
""",
    "kept.yaml": """apiVersion: v1
kind: Secret
metadata:
  name: {{ .Release.Name }}-kept
  annotations:
    helm.sh/resource-policy: keep
stringData:
  k: v
""",
    "svc.yaml": """apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-svc
spec:
  ports:
  - port: 80
    protocol: TCP
  selector:
    app: x
""",
    "hooks.yaml": """apiVersion: v1
kind: ConfigMap
metadata:
  name: hook-b
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "5"
data: {}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: hook-a
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "5"
    helm.sh/hook-delete-policy: hook-succeeded
data: {}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: hook-c
  annotations:
    helm.sh/hook: post-install,post-upgrade,post-rollback
    helm.sh/hook-weight: "-1"
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
data: {}
""",
}
VALUES = "color: blue\nextra: true\n"


@pytest.fixture()
def chart(tmp_path: Path) -> Path:
    return write_chart(tmp_path, TEMPLATES, VALUES, name="rel")


@pytest.fixture()
def other_namespace(kube_client: Any) -> Any:
    name = f"t-{uuid.uuid4().hex[:10]}"
    core = kube_client.core_v1()
    core.create_namespace({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}})
    yield name
    try:
        core.delete_namespace(name)
    except Exception:  # noqa: BLE001
        pass


def _cfg(kube_client: Any, namespace: str, field_manager: str = "helm") -> configuration_mod.Configuration:
    from pyhelm.kube.resources import ResourceClient

    storage = Storage(new_driver("secret", namespace=namespace, kube_client=kube_client), max_history=10)
    kube = ResourceClient(kube_client, namespace=namespace, poll_interval=0.2, field_manager=field_manager)
    return configuration_mod.Configuration(kube=kube, storage=storage, namespace=namespace, kube_client=kube_client)


def _ref(kubeconfig: str, namespace: str) -> Any:
    import helm_python

    return helm_python.Config(kubeconfig_path=kubeconfig, namespace=namespace, storage_driver="secret")


def _live(kube_client: Any, namespace: str) -> dict[str, Any]:
    """ConfigMaps, Secrets and Services of the namespace, without server-set fields."""
    core = kube_client.core_v1()
    out: dict[str, Any] = {}
    for kind, items in (
        ("ConfigMap", core.list_namespaced_config_map(namespace).items),
        ("Secret", core.list_namespaced_secret(namespace).items),
        ("Service", core.list_namespaced_service(namespace).items),
    ):
        for obj in items:
            meta = obj.metadata
            if kind == "Secret" and (obj.type or "").startswith(("helm.sh/", "kubernetes.io/service-account")):
                continue
            if kind == "ConfigMap" and meta.name == "kube-root-ca.crt":
                continue
            annotations = dict(meta.annotations or {})
            annotations.pop("meta.helm.sh/release-namespace", None)
            data = getattr(obj, "data", None)
            out[f"{kind}/{meta.name}"] = {"labels": meta.labels, "annotations": annotations, "data": data}
    return out


def _records(kube_client: Any, namespace: str, name: str) -> list[dict[str, Any]]:
    """The stored revisions as comparable dicts, oldest first."""
    from pyhelm.storage.driver import ReleaseNotFoundError

    storage = Storage(new_driver("secret", namespace=namespace, kube_client=kube_client))
    try:
        history = storage.history(name)
    except ReleaseNotFoundError:
        return []
    out = []
    for rel in sorted(history, key=lambda r: r.version):
        hooks = [(h.name, list(h.events or []), h.weight, list(h.delete_policies or []), str(h.last_run.phase))
                 for h in rel.hooks or []]  # fmt: skip
        out.append({
            "version": rel.version, "status": str(rel.status),
            "description": rel.info.description.replace(namespace, "<namespace>"),
            "manifest": rel.manifest, "config": rel.config, "hooks": hooks, "apply_method": rel.apply_method,
            "chart": rel.chart.metadata.name, "first_is_set": rel.info.first_deployed is not None,
            "deleted_is_set": rel.info.deleted is not None, "notes": rel.info.notes,
        })  # fmt: skip
    return out


def test_install_upgrade_rollback_match_reference(chart, kube_client, kubeconfig, kube_namespace, other_namespace):
    name = "rel"
    ref = _ref(kubeconfig, kube_namespace)
    ref.install(str(chart), name, {"color": "red"})
    ref.upgrade(str(chart), name, {"extra": False})
    ref.rollback(name, version=1)

    cfg = _cfg(kube_client, other_namespace)
    install(cfg, name, chart, InstallOptions(namespace=other_namespace, values={"color": "red"}))
    upgrade(cfg, name, chart, UpgradeOptions(namespace=other_namespace, values={"extra": False}))
    rollback(cfg, name, RollbackOptions(version=1))

    mine, theirs = _records(kube_client, other_namespace, name), _records(kube_client, kube_namespace, name)
    for a, b in zip(mine, theirs, strict=True):
        assert {k: v for k, v in a.items() if a[k] != b[k]} == {k: v for k, v in b.items() if a[k] != b[k]}
    assert _live(kube_client, other_namespace) == _live(kube_client, kube_namespace)


def test_uninstall_matches_reference(chart, kube_client, kubeconfig, kube_namespace, other_namespace):
    name = "rel"
    ref = _ref(kubeconfig, kube_namespace)
    ref.install(str(chart), name, None)
    ref.uninstall(name, keep_history=True)

    cfg = _cfg(kube_client, other_namespace)
    install(cfg, name, chart, InstallOptions(namespace=other_namespace))
    result = uninstall(cfg, name, UninstallOptions(keep_history=True))

    assert result.info == "These resources were kept due to the resource policy:\n[Secret] rel-kept\n"
    assert _records(kube_client, other_namespace, name) == _records(kube_client, kube_namespace, name)
    assert _live(kube_client, other_namespace) == _live(kube_client, kube_namespace)


def test_interoperability(chart, kube_client, kubeconfig, kube_namespace):
    """The reference upgrades and rolls back a pyhelm release; pyhelm continues a reference one.

    Helm names its server-side apply field manager after its executable; the reference
    runs inside ``python``, so pyhelm uses that name here, as both would be ``helm``.
    """
    cfg = _cfg(kube_client, kube_namespace, field_manager="python")
    install(cfg, "mixed", chart, InstallOptions(namespace=kube_namespace, values={"color": "green"}))
    ref = _ref(kubeconfig, kube_namespace)
    ref.upgrade(str(chart), "mixed", {"color": "yellow"})
    assert [r["status"] for r in ref.history("mixed")] == ["superseded", "deployed"]
    rel = upgrade(cfg, "mixed", chart, UpgradeOptions(namespace=kube_namespace, reuse_values=True))
    assert rel.version == 3 and rel.config == {"color": "yellow"}
    ref.rollback("mixed", version=1)
    history = ref.history("mixed")
    assert [r["status"] for r in history] == ["superseded", "superseded", "superseded", "deployed"]
    live = kube_client.core_v1().read_namespaced_config_map("mixed-cfg", kube_namespace)
    assert live.data["color"] == "green"
    uninstall(cfg, "mixed", UninstallOptions())
    assert ref.list(all_states=True) == []


def test_pending_release_refuses_upgrade_like_reference(chart, kube_client, kubeconfig, kube_namespace, other_namespace):
    messages = []
    for namespace in (kube_namespace, other_namespace):
        cfg = _cfg(kube_client, namespace)
        install(cfg, "busy", chart, InstallOptions(namespace=namespace))
        rel = cfg.storage.last("busy")
        rel.set_status(Status.PENDING_UPGRADE, "Preparing upgrade")
        cfg.storage.update(rel)
    ref = _ref(kubeconfig, kube_namespace)
    with pytest.raises(Exception) as info:
        ref.upgrade(str(chart), "busy", None)
    messages.append(str(info.value))
    with pytest.raises(UpgradeError) as mine:
        upgrade(_cfg(kube_client, other_namespace), "busy", chart, UpgradeOptions(namespace=other_namespace))
    assert str(mine.value) in messages[0]
    assert len(_records(kube_client, other_namespace, "busy")) == 1


def test_bad_values_change_nothing(tmp_path, chart, kube_client, kubeconfig, kube_namespace):
    (chart / "values.schema.json").write_text('{"properties": {"color": {"type": "string"}}}')
    cfg = _cfg(kube_client, kube_namespace)
    install(cfg, "strict", chart, InstallOptions(namespace=kube_namespace))
    before = (_records(kube_client, kube_namespace, "strict"), _live(kube_client, kube_namespace))
    with pytest.raises(UpgradeError) as mine:
        upgrade(cfg, "strict", chart, UpgradeOptions(namespace=kube_namespace, values={"color": 5}))
    with pytest.raises(Exception) as theirs:
        _ref(kubeconfig, kube_namespace).upgrade(str(chart), "strict", {"color": 5})
    assert str(mine.value) in str(theirs.value)
    assert (_records(kube_client, kube_namespace, "strict"), _live(kube_client, kube_namespace)) == before
    broken = write_chart(tmp_path / "broken", {"cm.yaml": "{{ .Values.color | nosuchfunc }}"}, "", name="rel")
    with pytest.raises(UpgradeError) as mine:
        upgrade(cfg, "strict", broken, UpgradeOptions(namespace=kube_namespace))
    with pytest.raises(Exception) as theirs:
        _ref(kubeconfig, kube_namespace).upgrade(str(broken), "strict", None)
    assert str(mine.value) == str(theirs.value)
    assert (_records(kube_client, kube_namespace, "strict"), _live(kube_client, kube_namespace)) == before


def test_atomic_install_after_failing_hook(tmp_path, kube_client, kubeconfig, kube_namespace, other_namespace):
    templates = dict(TEMPLATES)
    templates["bad-hook.yaml"] = """apiVersion: v1
kind: ConfigMap
metadata:
  name: Bad_Hook_Name
  annotations:
    helm.sh/hook: pre-install
data: {}
"""
    chart = write_chart(tmp_path, templates, VALUES, name="rel")
    with pytest.raises(Exception) as theirs:
        _ref(kubeconfig, kube_namespace).install(str(chart), "boom", None, rollback_on_failure=True, timeout=20)
    with pytest.raises(InstallError) as mine:
        install(_cfg(kube_client, other_namespace), "boom", chart,
                InstallOptions(namespace=other_namespace, atomic=True, timeout=20))  # fmt: skip
    assert "has been uninstalled due to rollback-on-failure being set" in str(mine.value)
    assert "has been uninstalled due to rollback-on-failure being set" in str(theirs.value)
    assert _records(kube_client, other_namespace, "boom") == [] == _records(kube_client, kube_namespace, "boom")
    assert _live(kube_client, other_namespace) == _live(kube_client, kube_namespace)


def test_wait_timeout_marks_release_failed(tmp_path, kube_client, kube_namespace):
    chart = write_chart(tmp_path, {"deploy.yaml": """apiVersion: apps/v1
kind: Deployment
metadata:
  name: never-ready
spec:
  replicas: 1
  selector: {matchLabels: {app: nr}}
  template:
    metadata: {labels: {app: nr}}
    spec:
      containers: [{name: c, image: busybox}]
"""}, "", name="waiter")  # fmt: skip
    cfg = _cfg(kube_client, kube_namespace)
    with pytest.raises(InstallError):
        install(cfg, "slow", chart, InstallOptions(namespace=kube_namespace, wait=True, timeout=2))
    records = _records(kube_client, kube_namespace, "slow")
    assert [r["status"] for r in records] == ["failed"]
    assert records[0]["description"].startswith('Release "slow" failed: ')
    assert "context deadline exceeded" in records[0]["description"]


class _DropsConnection:
    """A KubeInterface whose ``update`` loses the API server (as if it stopped mid-upgrade)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.namespace = inner.namespace

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def update(self, *args: Any, **kwargs: Any) -> Any:
        from pyhelm.kube.client import UnreachableError

        raise UnreachableError('kubernetes cluster unreachable: Get "https://127.0.0.1/version": connection refused')


def test_lost_api_server_mid_upgrade_then_rollback(chart, kube_client, kube_namespace):
    cfg = _cfg(kube_client, kube_namespace)
    install(cfg, "flaky", chart, InstallOptions(namespace=kube_namespace, values={"color": "red"}))
    upgrade(cfg, "flaky", chart, UpgradeOptions(namespace=kube_namespace, values={"color": "blue"}))
    before = _records(kube_client, kube_namespace, "flaky")
    broken = configuration_mod.Configuration(kube=_DropsConnection(cfg.kube), storage=cfg.storage,
                                             namespace=kube_namespace, kube_client=kube_client)  # fmt: skip
    with pytest.raises(UpgradeError) as info:
        upgrade(broken, "flaky", chart, UpgradeOptions(namespace=kube_namespace, values={"color": "black"}))
    assert "kubernetes cluster unreachable" in str(info.value)
    after = _records(kube_client, kube_namespace, "flaky")
    assert after[:2] == before
    assert after[2]["status"] == "failed"
    assert after[2]["description"].startswith('Upgrade "flaky" failed: kubernetes cluster unreachable')
    rollback(cfg, "flaky", RollbackOptions(version=2))
    final = _records(kube_client, kube_namespace, "flaky")
    assert [r["status"] for r in final] == ["superseded", "superseded", "failed", "deployed"]
    assert kube_client.core_v1().read_namespaced_config_map("flaky-cfg", kube_namespace).data["color"] == "blue"
    # the next upgrade starts from the deployed revision 4
    rel = upgrade(cfg, "flaky", chart, UpgradeOptions(namespace=kube_namespace, values={"color": "white"}))
    assert rel.version == 5


def test_dry_run_server_uses_lookup_and_validates(tmp_path, kube_client, kubeconfig, kube_namespace):
    templates = {"cm.yaml": """apiVersion: v1
kind: ConfigMap
metadata:
  name: looked
data:
  found: {{ (lookup "v1" "Namespace" "" .Release.Namespace).metadata.name | quote }}
"""}
    chart = write_chart(tmp_path, templates, "", name="look")
    cfg = _cfg(kube_client, kube_namespace)
    rel = install(cfg, "look", chart, InstallOptions(namespace=kube_namespace, dry_run="server"))
    theirs = _ref(kubeconfig, kube_namespace).install(str(chart), "look", None, dry_run="server")
    assert rel.manifest == theirs["manifest"]
    assert f'found: "{kube_namespace}"' in rel.manifest
    assert str(rel.status) == "pending-install" and rel.info.description == "Dry run complete"
    assert _records(kube_client, kube_namespace, "look") == []


def test_history_max_prunes_like_reference(chart, kube_client, kubeconfig, kube_namespace, other_namespace):
    ref = _ref(kubeconfig, kube_namespace)
    ref.install(str(chart), "pruned", None)
    cfg = _cfg(kube_client, other_namespace)
    install(cfg, "pruned", chart, InstallOptions(namespace=other_namespace))
    for color in ("a", "b", "c", "d"):
        ref.upgrade(str(chart), "pruned", {"color": color}, max_history=3)
        upgrade(cfg, "pruned", chart, UpgradeOptions(namespace=other_namespace, values={"color": color}, history_max=3))
    ref.rollback("pruned", version=4)
    rollback(cfg, "pruned", RollbackOptions(version=4, history_max=10))
    mine, theirs = _records(kube_client, other_namespace, "pruned"), _records(kube_client, kube_namespace, "pruned")
    assert [(r["version"], r["status"], r["description"]) for r in mine] == [
        (r["version"], r["status"], r["description"]) for r in theirs
    ]


def test_replace_and_name_in_use_like_reference(chart, kube_client, kubeconfig, kube_namespace, other_namespace):
    ref = _ref(kubeconfig, kube_namespace)
    ref.install(str(chart), "again", None)
    with pytest.raises(Exception) as theirs:
        ref.install(str(chart), "again", None)
    cfg = _cfg(kube_client, other_namespace)
    install(cfg, "again", chart, InstallOptions(namespace=other_namespace))
    with pytest.raises(InstallError) as mine:
        install(cfg, "again", chart, InstallOptions(namespace=other_namespace))
    assert str(mine.value) in str(theirs.value)
    ref.uninstall("again", keep_history=True)
    uninstall(cfg, "again", UninstallOptions(keep_history=True))
    with pytest.raises(Exception) as theirs:
        ref.upgrade(str(chart), "again", None)
    with pytest.raises(NoDeployedReleasesError) as mine_upgrade:
        upgrade(cfg, "again", chart, UpgradeOptions(namespace=other_namespace))
    assert str(mine_upgrade.value) in str(theirs.value)
    rel = install(cfg, "again", chart, InstallOptions(namespace=other_namespace, replace=True))
    assert rel.version == 2


def test_hook_order_weight_then_name_like_reference(tmp_path, kube_client, kubeconfig, kube_namespace, other_namespace):
    hook = """apiVersion: v1
kind: {kind}
metadata:
  name: {name}
  annotations:
    helm.sh/hook: pre-install
    helm.sh/hook-weight: "{weight}"
{body}
"""
    docs = [hook.format(kind=k, name=n, weight=w, body=b) for k, n, w, b in (
        ("ConfigMap", "a-cm", 0, "data: {}"), ("Secret", "z-secret", 0, "stringData: {}"),
        ("ServiceAccount", "m-sa", 0, ""), ("ConfigMap", "b-cm", -1, "data: {}"), ("ConfigMap", "0-cm", 0, "data: {}"),
    )]  # fmt: skip
    chart = write_chart(tmp_path, {"hooks.yaml": "---\n".join(docs)}, "", name="order")
    _ref(kubeconfig, kube_namespace).install(str(chart), "order", None)
    install(_cfg(kube_client, other_namespace), "order", chart, InstallOptions(namespace=other_namespace))

    def started(namespace: str) -> list[str]:
        rel = Storage(new_driver("secret", namespace=namespace, kube_client=kube_client)).last("order")
        return [h.name for h in sorted(rel.hooks, key=lambda h: h.last_run.started_at)]

    assert started(other_namespace) == started(kube_namespace)


CRD = """apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.pyhelm.example.com
spec:
  group: pyhelm.example.com
  names: {kind: Widget, plural: widgets, singular: widget}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
"""


def test_crds_installed_first_and_kept(tmp_path, kube_client, kubeconfig, kube_namespace, other_namespace):
    widget = "apiVersion: pyhelm.example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 3\n"
    chart = write_chart(tmp_path, {"widget.yaml": widget}, "", name="crdchart", files={"crds/widget.yaml": CRD})
    from kubernetes.client import ApiextensionsV1Api

    ext = ApiextensionsV1Api(kube_client.api_client)
    try:
        cfg = _cfg(kube_client, other_namespace)
        rel = install(cfg, "crd", chart, InstallOptions(namespace=other_namespace))
        _ref(kubeconfig, kube_namespace).install(str(chart), "crd", None)
        assert "CustomResourceDefinition" not in rel.manifest
        assert _records(kube_client, other_namespace, "crd") == _records(kube_client, kube_namespace, "crd")
        uninstall(cfg, "crd", UninstallOptions())
        assert ext.read_custom_resource_definition("widgets.pyhelm.example.com").metadata.name
    finally:
        try:
            ext.delete_custom_resource_definition("widgets.pyhelm.example.com")
        except Exception:  # noqa: BLE001
            pass


def test_existing_object_conflict_and_take_ownership(chart, kube_client, kubeconfig, kube_namespace, other_namespace):
    core = kube_client.core_v1()
    for namespace in (kube_namespace, other_namespace):
        core.create_namespaced_config_map(namespace, {"metadata": {"name": "own-cfg"}, "data": {"color": "old"}})
    with pytest.raises(Exception) as theirs:
        _ref(kubeconfig, kube_namespace).install(str(chart), "own", None)
    cfg = _cfg(kube_client, other_namespace)
    with pytest.raises(InstallError) as mine:
        install(cfg, "own", chart, InstallOptions(namespace=other_namespace))
    assert str(mine.value).replace(other_namespace, "NS") == str(theirs.value).replace(kube_namespace, "NS")
    assert _records(kube_client, other_namespace, "own") == []
    rel = install(cfg, "own", chart, InstallOptions(namespace=other_namespace, take_ownership=True))
    live = core.read_namespaced_config_map("own-cfg", other_namespace)
    assert live.data["color"] == "blue" and live.metadata.annotations["meta.helm.sh/release-name"] == "own"
    assert str(rel.status) == "deployed"


def test_dry_run_server_sends_nothing_like_reference(tmp_path, kube_client, kubeconfig, kube_namespace):
    """Helm v4.2.3's --dry-run=server renders with lookups and checks ownership, but does not
    ask the API server to validate objects: an out-of-range port passes."""
    svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: bad\nspec:\n  ports:\n  - port: 99999\n    protocol: TCP\n"
    chart = write_chart(tmp_path, {"svc.yaml": svc}, "", name="bad")
    theirs = _ref(kubeconfig, kube_namespace).install(str(chart), "bad", None, dry_run="server")
    mine = install(_cfg(kube_client, kube_namespace), "bad", chart, InstallOptions(namespace=kube_namespace,
                                                                                  dry_run="server"))  # fmt: skip
    assert (str(mine.status), mine.manifest) == (theirs["status"], theirs["manifest"])
    assert kube_client.core_v1().list_namespaced_service(kube_namespace).items == []


def test_cleanup_on_fail_like_reference(tmp_path, kube_client, kubeconfig, kube_namespace, other_namespace):
    templates = dict(TEMPLATES)
    templates["deploy.yaml"] = """{{- if .Values.deploy }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: never-ready
spec:
  replicas: 1
  selector: {matchLabels: {app: nr}}
  template:
    metadata: {labels: {app: nr}}
    spec:
      containers: [{name: c, image: busybox}]
{{- end }}
"""
    chart = write_chart(tmp_path, templates, "color: blue\nextra: false\ndeploy: false\n", name="rel")
    ref = _ref(kubeconfig, kube_namespace)
    ref.install(str(chart), "clean", None)
    with pytest.raises(Exception) as theirs:
        ref.upgrade(str(chart), "clean", {"extra": True, "deploy": True}, wait="watcher", timeout=2,
                    cleanup_on_fail=True)  # fmt: skip
    cfg = _cfg(kube_client, other_namespace)
    install(cfg, "clean", chart, InstallOptions(namespace=other_namespace))
    with pytest.raises(UpgradeError) as mine:
        upgrade(cfg, "clean", chart, UpgradeOptions(namespace=other_namespace, values={"extra": True, "deploy": True},
                                                    wait=True, timeout=2, cleanup_on_fail=True))  # fmt: skip
    assert "context deadline exceeded" in str(theirs.value)
    assert "context deadline exceeded" in str(mine.value)
    assert _live(kube_client, other_namespace) == _live(kube_client, kube_namespace)
    mine_records = _records(kube_client, other_namespace, "clean")
    theirs_records = _records(kube_client, kube_namespace, "clean")
    assert [(r["version"], r["status"]) for r in mine_records] == [(r["version"], r["status"]) for r in theirs_records]


def test_custom_labels_like_reference(chart, kube_client, kubeconfig, kube_namespace, other_namespace):
    ref = _ref(kubeconfig, kube_namespace)
    ref.install(str(chart), "lab", None, labels={"team": "a"})
    ref.upgrade(str(chart), "lab", None, labels={"tier": "b"})
    ref.rollback("lab", version=1)
    cfg = _cfg(kube_client, other_namespace)
    install(cfg, "lab", chart, InstallOptions(namespace=other_namespace, labels={"team": "a"}))
    upgrade(cfg, "lab", chart, UpgradeOptions(namespace=other_namespace, labels={"tier": "b"}))
    rollback(cfg, "lab", RollbackOptions(version=1))

    def labels(namespace: str) -> list[dict[str, str]]:
        secrets = kube_client.core_v1().list_namespaced_secret(namespace, label_selector="owner=helm").items
        out = [{k: v for k, v in s.metadata.labels.items() if k != "modifiedAt"} for s in secrets]
        return sorted(out, key=lambda d: d["version"])

    assert labels(other_namespace) == labels(kube_namespace)
    with pytest.raises(Exception) as theirs:
        ref.install(str(chart), "lab2", None, labels={"owner": "me"})
    with pytest.raises(InstallError) as mine:
        install(cfg, "lab2", chart, InstallOptions(namespace=other_namespace, labels={"owner": "me"}))
    assert str(mine.value) == str(theirs.value)


@pytest.mark.parametrize("mode", ["reuse_values", "reset_values", "default"])
def test_values_on_upgrade_like_reference(mode, tmp_path, kube_client, kubeconfig, kube_namespace, other_namespace):
    old = write_chart(tmp_path / "old", TEMPLATES, VALUES, name="rel")
    new = write_chart(tmp_path / "new", TEMPLATES, "color: green\nextra: false\n", name="rel")
    flags = {mode: True} if mode != "default" else {}
    ref = _ref(kubeconfig, kube_namespace)
    ref.install(str(old), "vals", {"color": "red"})
    ref.upgrade(str(new), "vals", None, **flags)
    ref.upgrade(str(new), "vals", {"extra": True}, **flags)
    cfg = _cfg(kube_client, other_namespace)
    install(cfg, "vals", old, InstallOptions(namespace=other_namespace, values={"color": "red"}))
    upgrade(cfg, "vals", new, UpgradeOptions(namespace=other_namespace, **flags))
    upgrade(cfg, "vals", new, UpgradeOptions(namespace=other_namespace, values={"extra": True}, **flags))
    mine, theirs = _records(kube_client, other_namespace, "vals"), _records(kube_client, kube_namespace, "vals")
    assert [(r["config"], r["manifest"]) for r in mine] == [(r["config"], r["manifest"]) for r in theirs]


def test_delete_hooks_and_create_namespace_like_reference(tmp_path, kube_client, kubeconfig):
    hooks = """apiVersion: v1
kind: ConfigMap
metadata:
  name: pre-del
  annotations:
    helm.sh/hook: pre-delete
data: {}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: post-del
  annotations:
    helm.sh/hook: post-delete
    helm.sh/hook-delete-policy: hook-succeeded
data: {}
"""
    chart = write_chart(tmp_path, {"hooks.yaml": hooks, "cm.yaml": TEMPLATES["cm.yaml"]}, VALUES, name="rel")
    spaces = [f"t-{uuid.uuid4().hex[:10]}" for _ in range(2)]
    core = kube_client.core_v1()
    try:
        _ref(kubeconfig, spaces[0]).install(str(chart), "del", None, create_namespace=True)
        cfg = _cfg(kube_client, spaces[1])
        install(cfg, "del", chart, InstallOptions(namespace=spaces[1], create_namespace=True))
        labels = [core.read_namespace(ns).metadata.labels for ns in spaces]
        assert labels[0].get("name") == spaces[0] and labels[1].get("name") == spaces[1]
        _ref(kubeconfig, spaces[0]).uninstall("del", keep_history=True)
        uninstall(cfg, "del", UninstallOptions(keep_history=True))
        assert _records(kube_client, spaces[1], "del") == _records(kube_client, spaces[0], "del")
        assert _live(kube_client, spaces[1]) == _live(kube_client, spaces[0])
    finally:
        for ns in spaces:
            try:
                core.delete_namespace(ns)
            except Exception:  # noqa: BLE001
                pass
