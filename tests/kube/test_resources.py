"""pyhelm.kube.resources on the real control plane, compared with the reference Helm
(``helm_python``) acting on the same API server."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from oracle import write_chart

from pyhelm.kube.interface import KubeResourceError, ResourceList
from pyhelm.kube.resources import ResourceClient, check_ownership, set_ownership_metadata

pytestmark = pytest.mark.cluster

CONFIGMAP = """apiVersion: v1
kind: ConfigMap
metadata:
  name: {name}
  labels:
    tier: {tier}
  annotations:
    note: hello
data:
  key: {value}
"""

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: c
        image: nginx:1.19
        ports:
        - containerPort: 80
          protocol: TCP
"""

SERVICE = """apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    protocol: TCP
"""

ROLE = """apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: {name}
rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get"]
"""


@pytest.fixture()
def rclient(kube_client: Any, kube_namespace: str) -> ResourceClient:
    return ResourceClient(kube_client, namespace=kube_namespace, poll_interval=0.3)


@pytest.fixture()
def ref_config(kubeconfig: str, kube_namespace: str) -> Any:
    import helm_python

    return helm_python.Config(kubeconfig_path=kubeconfig, namespace=kube_namespace)


def _ref_error(call: Any) -> str:
    with pytest.raises(Exception) as info:
        call()
    return str(info.value)


def _strip(message: str, prefix: str) -> str:
    assert message.startswith(prefix), message
    return message[len(prefix):]


def _comparable(obj: dict[str, Any]) -> dict[str, Any]:
    meta = obj["metadata"]
    return {
        "labels": meta.get("labels"),
        "annotations": {k: v for k, v in (meta.get("annotations") or {}).items()
                        if k != "deployment.kubernetes.io/revision"},
        "spec": obj.get("spec"),
        "data": obj.get("data"),
        "managed": sorted((m["operation"], m.get("subresource", "")) for m in meta.get("managedFields") or []
                          if m["manager"] in ("helm", "python")),
    }


# -- build ------------------------------------------------------------------------------


def test_build_maps_core_and_apps_kinds(rclient: ResourceClient, kube_namespace: str) -> None:
    cluster_role = f"cr-{uuid.uuid4().hex[:8]}"
    manifest = "\n---\n".join([
        CONFIGMAP.format(name="a", tier="x", value="v"), DEPLOYMENT, SERVICE,
        ROLE.format(name=cluster_role),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n  namespace: elsewhere\n",
        "# only a comment\n",
    ])
    res = rclient.build(manifest)
    got = [(r.kind, r.group, r.version, r.resource, r.namespaced, r.name, r.namespace) for r in res]
    assert got == [
        ("ConfigMap", "", "v1", "configmaps", True, "a", kube_namespace),
        ("Deployment", "apps", "v1", "deployments", True, "web", kube_namespace),
        ("Service", "", "v1", "services", True, "web", kube_namespace),
        ("ClusterRole", "rbac.authorization.k8s.io", "v1", "clusterroles", False, cluster_role, ""),
        ("ConfigMap", "", "v1", "configmaps", True, "other", "elsewhere"),
    ]
    assert res[0].obj["metadata"]["namespace"] == kube_namespace
    assert isinstance(res[1].obj["spec"]["replicas"], int)


def test_build_unknown_kind_matches_helm(
    rclient: ResourceClient, ref_config: Any, tmp_path: Path
) -> None:
    cases = {
        "plain": "apiVersion: bar/v1\nkind: Foo\nmetadata:\n  name: x\n",
        "withns": "apiVersion: example.com/v2\nkind: Widget\nmetadata:\n  name: w\n  namespace: zz\n",
        "boolname": "apiVersion: example.com/v2\nkind: Widget\nmetadata:\n  name: y\n",
        "boollabel": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: q\n  labels:\n    a: yes\n",
    }
    for name, doc in cases.items():
        chart = write_chart(tmp_path, {"a.yaml": doc}, name=name)
        expected = _strip(_ref_error(lambda c=chart, n=name: ref_config.install(str(c), n)),
                          "unable to build kubernetes objects from release manifest: ")
        with pytest.raises(KubeResourceError) as info:
            rclient.build(doc)
        assert str(info.value) == expected


def test_crd_then_custom_resource_after_refresh(rclient: ResourceClient, kube_namespace: str) -> None:
    group = f"g{uuid.uuid4().hex[:8]}.example.com"
    crd = f"""apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.{group}
spec:
  group: {group}
  scope: Namespaced
  names: {{plural: gadgets, singular: gadget, kind: Gadget}}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
"""
    cr = f"apiVersion: {group}/v1\nkind: Gadget\nmetadata:\n  name: g1\nspec:\n  size: 3\n"
    with pytest.raises(KubeResourceError, match="ensure CRDs are installed first"):
        rclient.build(cr)  # also caches the group as unknown
    crds = rclient.build(crd)
    try:
        rclient.create(crds)
        rclient.wait(crds, 30)
        with pytest.raises(KubeResourceError):
            rclient.build(cr)  # stale discovery until refreshed
        rclient.refresh_discovery()
        res = rclient.build(cr)
        assert (res[0].resource, res[0].namespaced, res[0].namespace) == ("gadgets", True, kube_namespace)
        rclient.create(res)
        assert rclient.get(res)[0]["spec"] == {"size": 3}
    finally:
        rclient.delete(crds)


# -- create / update / delete -------------------------------------------------------------


def test_create_matches_reference_install(
    rclient: ResourceClient, kubeconfig: str, kube_client: Any, tmp_path: Path, kube_namespace: str
) -> None:
    import helm_python

    other_ns = f"t-{uuid.uuid4().hex[:10]}"
    core = kube_client.core_v1()
    core.create_namespace({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": other_ns}})
    try:
        manifest = "---\n".join([CONFIGMAP.format(name="cm", tier="a", value="v1"), DEPLOYMENT, SERVICE])
        chart = write_chart(tmp_path, {"all.yaml": manifest})
        ref = helm_python.Config(kubeconfig_path=kubeconfig, namespace=other_ns)
        ref.install(str(chart), "rel")
        res = rclient.build(manifest)
        set_ownership_metadata(res, "rel", other_ns)
        for info in res:
            info.obj["metadata"]["namespace"] = kube_namespace
            info.namespace = kube_namespace
        result = rclient.create(res)
        assert [r.name for r in result.created] == ["cm", "web", "web"]
        ours = rclient.get(res)
        other = ResourceClient(kube_client, namespace=other_ns)
        theirs = other.get(other.build(manifest))
        assert len(ours) == len(theirs) == 3
        for mine, ref_obj in zip(ours, theirs, strict=True):
            a, b = _comparable(mine), _comparable(ref_obj)
            if mine["kind"] == "Service":
                a["spec"].pop("clusterIP"), b["spec"].pop("clusterIP")
                a["spec"].pop("clusterIPs", None), b["spec"].pop("clusterIPs", None)
            assert a == b
        managers = {m["manager"] for m in ours[0]["metadata"]["managedFields"]}
        assert managers == {"helm"}
    finally:
        core.delete_namespace(other_ns)


def test_update_applies_changes_and_prunes(rclient: ResourceClient, kube_namespace: str) -> None:
    v1 = "---\n".join([
        CONFIGMAP.format(name="keep-me", tier="a", value="one"),
        CONFIGMAP.format(name="obsolete", tier="a", value="one"),
        CONFIGMAP.format(name="kept", tier="a", value="one").replace(
            "    note: hello", "    note: hello\n    helm.sh/resource-policy: keep"),
    ])
    v2 = "---\n".join([
        CONFIGMAP.format(name="keep-me", tier="b", value="two"),
        CONFIGMAP.format(name="fresh", tier="b", value="two"),
    ])
    original = rclient.build(v1)
    set_ownership_metadata(original, "rel", kube_namespace)
    rclient.create(original)
    # a field set by someone else survives server-side apply of Helm's fields
    core = rclient.client.core_v1()
    core.patch_namespaced_config_map("keep-me", kube_namespace, {"data": {"extra": "x"}})
    target = rclient.build(v2)
    set_ownership_metadata(target, "rel", kube_namespace)
    result = rclient.update(original, target)
    assert [r.name for r in result.created] == ["fresh"]
    assert [r.name for r in result.updated] == ["keep-me"]
    assert [r.name for r in result.deleted] == ["obsolete"]
    names = {cm.metadata.name for cm in core.list_namespaced_config_map(kube_namespace).items}
    assert {"keep-me", "fresh", "kept"} <= names and "obsolete" not in names
    live = core.read_namespaced_config_map("keep-me", kube_namespace)
    assert live.data == {"key": "two", "extra": "x"}
    assert live.metadata.labels["tier"] == "b"


def test_update_force_replace_drops_foreign_fields(rclient: ResourceClient, kube_namespace: str) -> None:
    res = rclient.build(CONFIGMAP.format(name="r", tier="a", value="one"))
    rclient.create(res)
    core = rclient.client.core_v1()
    core.patch_namespaced_config_map("r", kube_namespace, {"data": {"extra": "x"}})
    target = rclient.build(CONFIGMAP.format(name="r", tier="a", value="two"))
    result = rclient.update(res, target, force_replace=True)
    assert [r.name for r in result.updated] == ["r"]
    assert core.read_namespaced_config_map("r", kube_namespace).data == {"key": "two"}


def test_ownership_conflict_matches_helm(
    rclient: ResourceClient, ref_config: Any, kube_namespace: str, tmp_path: Path
) -> None:
    core = rclient.client.core_v1()
    core.create_namespaced_config_map(kube_namespace, {"metadata": {"name": "plain"}})
    core.create_namespaced_config_map(kube_namespace, {"metadata": {
        "name": "other", "labels": {"app.kubernetes.io/managed-by": "Helm"},
        "annotations": {"meta.helm.sh/release-name": "someone", "meta.helm.sh/release-namespace": kube_namespace}}})
    for name in ("plain", "other"):
        doc = CONFIGMAP.format(name=name, tier="a", value="v")
        chart = write_chart(tmp_path, {"cm.yaml": doc}, name=f"c{name}")
        expected = _strip(_ref_error(lambda c=chart: ref_config.install(str(c), "rel")),
                          "unable to continue with install: ")
        res = rclient.build(doc)
        with pytest.raises(KubeResourceError) as info:
            rclient.existing_resource_conflict(res, "rel", kube_namespace)
        assert str(info.value) == expected
        set_ownership_metadata(res, "rel", kube_namespace)
        with pytest.raises(KubeResourceError) as info:
            rclient.update(ResourceList(), res)
        assert str(info.value) == expected
    # take_ownership adopts it
    res = rclient.build(CONFIGMAP.format(name="plain", tier="a", value="v"))
    assert [r.name for r in rclient.existing_resource_conflict(res, "rel", kube_namespace, take_ownership=True)] == ["plain"]
    set_ownership_metadata(res, "rel", kube_namespace)
    result = rclient.update(ResourceList(), res, take_ownership=True)
    assert [r.name for r in result.updated] == ["plain"]
    live = core.read_namespaced_config_map("plain", kube_namespace)
    assert check_ownership(live.to_dict() | {"metadata": {
        "labels": live.metadata.labels, "annotations": live.metadata.annotations}}, "rel", kube_namespace) is None


def test_adoption_of_owned_object(rclient: ResourceClient, kube_namespace: str) -> None:
    core = rclient.client.core_v1()
    core.create_namespaced_config_map(kube_namespace, {"metadata": {
        "name": "mine", "labels": {"app.kubernetes.io/managed-by": "Helm"},
        "annotations": {"meta.helm.sh/release-name": "rel", "meta.helm.sh/release-namespace": kube_namespace}},
        "data": {"key": "old"}})
    res = rclient.build(CONFIGMAP.format(name="mine", tier="a", value="new"))
    assert len(rclient.existing_resource_conflict(res, "rel", kube_namespace)) == 1
    set_ownership_metadata(res, "rel", kube_namespace)
    rclient.update(ResourceList(), res)
    assert core.read_namespaced_config_map("mine", kube_namespace).data == {"key": "new"}


def test_delete_and_wait_for_delete(rclient: ResourceClient, kube_namespace: str) -> None:
    cluster_role = f"cr-{uuid.uuid4().hex[:8]}"
    res = rclient.build("---\n".join([CONFIGMAP.format(name="d", tier="a", value="v"), ROLE.format(name=cluster_role)]))
    rclient.create(res)
    result, errors = rclient.delete(res, propagation="foreground")
    assert errors == [] and [r.name for r in result.deleted] == ["d", cluster_role]
    rclient.wait_for_delete(res, 20)
    assert rclient.get(res) == []
    result, errors = rclient.delete(res)  # already gone: not an error (Helm)
    assert errors == [] and len(result.deleted) == 2


def test_dry_run_reports_invalid_objects(
    rclient: ResourceClient, ref_config: Any, kube_namespace: str, tmp_path: Path
) -> None:
    bad = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\ndata:\n  x: 1\n"
    good = CONFIGMAP.format(name="good", tier="a", value="v")
    chart = write_chart(tmp_path, {"a.yaml": bad})
    expected = _ref_error(lambda: ref_config.install(str(chart), "rel"))
    res = rclient.build("---\n".join([good, bad]))
    problems = rclient.dry_run(res)
    assert problems == [expected]
    assert rclient.get(res) == []  # nothing was created
    with pytest.raises(KubeResourceError) as info:
        rclient.create(res)
    assert str(info.value) == expected


def test_get_omits_missing_and_pod_logs_error(rclient: ResourceClient) -> None:
    res = rclient.build(CONFIGMAP.format(name="g", tier="a", value="v"))
    assert rclient.get(res) == []
    rclient.create(res)
    got = rclient.get(res)
    assert got[0]["data"] == {"key": "v"} and got[0]["metadata"]["name"] == "g"
    with pytest.raises(KubeResourceError, match='pods "nope" not found'):
        rclient.pod_logs("nope", rclient.namespace)


VALIDATION_CASES = {
    "two-errors": "apiVersion: bar/v1\nkind: Foo\nmetadata:\n  name: x\n---\n"
                  "apiVersion: bar/v1\nkind: Foo2\nmetadata:\n  name: y\n",
    "many": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  zzz: 1\nspec:\n  containers:\n"
            "  - image: x\n    bogus: 1\n    ports:\n    - containerPort: abc\n  - name: b\n    image: y\n"
            "    ports: 3\n    env: {a: 1}\n    args: [1, true, {a: b}]\n  restartPolicy: [1]\n  nodeSelector: 4\n",
    "replicas": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: \"3\"\n"
                "  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n"
                "      containers: [{name: c, image: i, resources: {limits: {cpu: 1}}}]\n",
    "validation-wins": "apiVersion: bar/v1\nkind: Foo\nmetadata:\n  name: x\n---\n"
                       "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\nbogus: 1\n",
    "no-apiversion": "kind: ConfigMap\nmetadata:\n  name: c\n",
    "list": "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n"
            "    name: c\n  bogus: 2\n",
    "nulls": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\ndata:\n",
    "spec-array": "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec: [1]\n",
    "spec-string": "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec: abc\n",
    "bool-replicas": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: 1.5\n"
                     "  paused: 1\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n"
                     "    spec:\n      containers: [{name: c, image: i}]\n",
}


def test_build_validate_matches_helm(rclient: ResourceClient, ref_config: Any, tmp_path: Path) -> None:
    mismatches = []
    for name, doc in VALIDATION_CASES.items():
        chart = write_chart(tmp_path, {"a.yaml": doc}, name=name)
        try:
            ref_config.install(str(chart), name, dry_run="server")
            expected = None
        except Exception as err:  # noqa: BLE001 - the reference's error text is the expectation
            expected = _strip(str(err), "unable to build kubernetes objects from release manifest: ")
        try:
            rclient.build(doc, validate=True)
            got = None
        except KubeResourceError as err:
            got = str(err)
        if got != expected:
            mismatches.append((name, got, expected))
    assert mismatches == []


def test_update_matches_reference_upgrade(
    rclient: ResourceClient, kubeconfig: str, kube_client: Any, tmp_path: Path, kube_namespace: str
) -> None:
    import helm_python

    keep = CONFIGMAP.format(name="kept", tier="a", value="one").replace(
        "    note: hello", "    note: hello\n    helm.sh/resource-policy: keep")
    v1 = "---\n".join([CONFIGMAP.format(name="same", tier="a", value="one"),
                       CONFIGMAP.format(name="gone", tier="a", value="one"), keep, DEPLOYMENT])
    v2 = "---\n".join([CONFIGMAP.format(name="same", tier="b", value="two"),
                       CONFIGMAP.format(name="new", tier="b", value="two"),
                       DEPLOYMENT.replace("replicas: 2", "replicas: 3").replace("nginx:1.19", "nginx:1.20")])
    other = f"t-{uuid.uuid4().hex[:10]}"
    core = kube_client.core_v1()
    core.create_namespace({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": other}})
    try:
        ref = helm_python.Config(kubeconfig_path=kubeconfig, namespace=other)
        ref.install(str(write_chart(tmp_path, {"all.yaml": v1}, name="one")), "rel")
        ref.upgrade(str(write_chart(tmp_path, {"all.yaml": v2}, name="two")), "rel")
        theirs = {cm.metadata.name: cm for cm in core.list_namespaced_config_map(other).items}
        ref_client = ResourceClient(kube_client, namespace=other)
        ref_dep = ref_client.get(ref_client.build(DEPLOYMENT))[0]

        original = rclient.build(v1)
        set_ownership_metadata(original, "rel", other)
        rclient.create(original)
        target = rclient.build(v2)
        set_ownership_metadata(target, "rel", other)
        rclient.update(original, target, force_conflicts=False)
        ours = {cm.metadata.name: cm for cm in core.list_namespaced_config_map(kube_namespace).items}
        our_dep = rclient.get(rclient.build(DEPLOYMENT))[0]
    finally:
        core.delete_namespace(other)
    assert sorted(ours) == sorted(theirs)  # includes kube-root-ca.crt when the server makes one
    for name in ours:
        assert (ours[name].data, ours[name].metadata.labels, ours[name].metadata.annotations) == (
            theirs[name].data, theirs[name].metadata.labels, theirs[name].metadata.annotations), name
    assert _comparable(our_dep) == _comparable(ref_dep)
