"""Readiness waits and hook watching on the real control plane (the tests play the kubelet's
part by patching Pod and Job status), with timeout and failure wording compared with the
reference Helm (``helm_python``) on the same API server."""

from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from oracle import write_chart

from pyhelm.kube.interface import KubeResourceError, WaitTimeoutError
from pyhelm.kube.resources import ResourceClient

pytestmark = pytest.mark.cluster

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: {replicas}
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
        image: nginx
"""

JOB = """apiVersion: batch/v1
kind: Job
metadata:
  name: {name}
  annotations:
    "helm.sh/hook": post-install
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: c
        image: busybox
"""

POD = """apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  restartPolicy: Never
  containers:
  - name: c
    image: busybox
"""

JOB_FAILED = {"status": {"failed": 1, "conditions": [{
    "type": "Failed", "status": "True", "reason": "BackoffLimitExceeded",
    "message": "Job has reached the specified backoff limit"}]}}
JOB_COMPLETE = {"status": {"succeeded": 1, "conditions": [{"type": "Complete", "status": "True"}]}}


@pytest.fixture()
def rclient(kube_client: Any, kube_namespace: str) -> ResourceClient:
    return ResourceClient(kube_client, namespace=kube_namespace, poll_interval=0.3)


def _other_namespace(kube_client: Any) -> str:
    name = f"t-{uuid.uuid4().hex[:10]}"
    kube_client.core_v1().create_namespace({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}})
    _await_token(kube_client, name)
    return name


def _await_token(kube_client: Any, namespace: str) -> None:
    """Pods are refused until the controller gave the namespace's default service account a token."""
    core = kube_client.core_v1()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if core.read_namespaced_service_account("default", namespace).secrets:
                return
        except Exception:  # noqa: BLE001 - not created yet
            pass
        time.sleep(0.2)


def _later(delay: float, action: Any) -> threading.Thread:
    def run() -> None:
        time.sleep(delay)
        action()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def _retry(action: Any, seconds: float = 20) -> None:
    """Run ``action`` until it stops raising (the object may not exist yet)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            action()
            return
        except Exception:  # noqa: BLE001 - retried until the deadline
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _mark_pods_ready(kube_client: Any, namespace: str, count: int) -> None:
    core = kube_client.core_v1()
    deadline = time.monotonic() + 30
    while True:
        pods = core.list_namespaced_pod(namespace, label_selector="app=web").items
        if len(pods) >= count or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    for pod in pods:
        core.patch_namespaced_pod_status(pod.metadata.name, namespace, {"status": {
            "phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}})


def _patch_job(kube_client: Any, namespace: str, name: str, body: dict[str, Any]) -> None:
    from kubernetes.client import BatchV1Api

    api = BatchV1Api(kube_client.api_client)
    _retry(lambda: api.patch_namespaced_job_status(name, namespace, body))


def _patch_pod(kube_client: Any, namespace: str, name: str, phase: str) -> None:
    core = kube_client.core_v1()
    _retry(lambda: core.patch_namespaced_pod_status(name, namespace, {"status": {"phase": phase}}))


def _await_controllers(kube_client: Any, namespace: str, name: str, replicas: int) -> None:
    """Wait (30 s at most) until the controllers have made the Deployment's ReplicaSet and Pods
    and reported them, so that what the waiter sees first no longer depends on their timing."""
    apps = kube_client.dynamic().resources.get(api_version="apps/v1", kind="Deployment")
    sets = kube_client.dynamic().resources.get(api_version="apps/v1", kind="ReplicaSet")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        dep = apps.get(name=name, namespace=namespace)
        status = dep.status or {}
        owned = [rs for rs in sets.get(namespace=namespace).items
                 if (rs.status or {}).get("observedGeneration") == rs.metadata.generation
                 and (rs.status or {}).get("replicas") == replicas]  # fmt: skip
        if status.get("observedGeneration") == dep.metadata.generation and status.get("replicas") == replicas and owned:
            return
        time.sleep(0.2)
    raise AssertionError(f"the controllers did not create {replicas} pods for {namespace}/{name} in 30 s")


@pytest.mark.parametrize(("strategy", "first_line"), [
    ("legacy", "0 out of 2 expected pods are ready"),
    ("watcher", "Available: 0/2"),
])
def test_deployment_becomes_ready_when_pods_are_ready(
    rclient: ResourceClient, kube_client: Any, kube_namespace: str, strategy: str, first_line: str
) -> None:
    res = rclient.build(DEPLOYMENT.format(replicas=2))
    rclient.create(res)
    _await_controllers(kube_client, kube_namespace, "web", 2)
    lines: list[str] = []
    _later(1.0, lambda: _mark_pods_ready(kube_client, kube_namespace, 2))
    start = time.monotonic()
    rclient.wait(res, 40, progress=lines.append, strategy=strategy)
    assert time.monotonic() - start < 40
    assert f"Deployment is not ready: {kube_namespace}/web. {first_line}" in lines
    rclient.wait(res, 5, strategy=strategy)  # stays ready


def test_paused_deployment_and_hook_only(rclient: ResourceClient) -> None:
    paused = DEPLOYMENT.format(replicas=1).replace("spec:\n  replicas", "spec:\n  paused: true\n  replicas", 1)
    res = rclient.build(paused)
    rclient.create(res)
    rclient.wait(res, 1)  # the status watcher skips paused Deployments
    rclient.wait(res, 1, strategy="legacy")  # the legacy checker calls them ready
    unpaused = rclient.build(DEPLOYMENT.format(replicas=1))
    rclient.wait(unpaused, 1, strategy="hookOnly")
    with pytest.raises(KubeResourceError, match="unknown wait strategy"):
        rclient.wait(unpaused, 1, strategy="nope")


def test_wait_timeout_matches_helm(
    rclient: ResourceClient, kube_client: Any, kube_namespace: str, kubeconfig: str, tmp_path: Path
) -> None:
    import helm_python

    manifest = DEPLOYMENT.format(replicas=1)
    other = _other_namespace(kube_client)
    try:
        chart = write_chart(tmp_path, {"d.yaml": manifest})
        ref = helm_python.Config(kubeconfig_path=kubeconfig, namespace=other)
        with pytest.raises(Exception) as ref_err:
            ref.install(str(chart), "rel", wait="watcher", timeout=2)
        expected = str(ref_err.value).replace(other, kube_namespace)
    finally:
        kube_client.core_v1().delete_namespace(other)
    res = rclient.build(manifest)
    rclient.create(res)
    start = time.monotonic()
    with pytest.raises(WaitTimeoutError) as info:
        rclient.wait(res, 2)
    assert 1.5 < time.monotonic() - start < 10
    assert str(info.value) == expected


@pytest.mark.parametrize("strategy", ["watcher", "legacy"])
def test_wait_for_jobs_complete_and_failed(
    rclient: ResourceClient, kube_client: Any, kube_namespace: str, strategy: str
) -> None:
    res = rclient.build("---\n".join([JOB.format(name="ok"), JOB.format(name="bad")]))
    rclient.create(res)
    ok, bad = res[0:1], res[1:2]
    rclient.wait(bad, 1, strategy=strategy)  # Jobs are ready without wait_for_jobs
    _later(0.5, lambda: _patch_job(kube_client, kube_namespace, "ok", JOB_COMPLETE))
    rclient.wait(ok, 20, wait_for_jobs=True, strategy=strategy)
    _later(0.5, lambda: _patch_job(kube_client, kube_namespace, "bad", JOB_FAILED))
    with pytest.raises(KubeResourceError) as info:
        rclient.wait(bad, 20, wait_for_jobs=True, strategy=strategy)
    assert not isinstance(info.value, WaitTimeoutError)
    assert str(info.value) == (f"resource Job/{kube_namespace}/bad not ready. status: Failed, "
                               "message: Job Failed. failed: 1/1")


def test_hook_job_failure_matches_helm(
    rclient: ResourceClient, kube_client: Any, kube_namespace: str, kubeconfig: str, tmp_path: Path
) -> None:
    import helm_python

    other = _other_namespace(kube_client)
    try:
        chart = write_chart(tmp_path, {"j.yaml": JOB.format(name="hook")})
        ref = helm_python.Config(kubeconfig_path=kubeconfig, namespace=other)
        _later(0.5, lambda: _patch_job(kube_client, other, "hook", JOB_FAILED))
        with pytest.raises(Exception) as ref_err:
            ref.install(str(chart), "rel", timeout=30)
        expected = str(ref_err.value).replace(other, kube_namespace)
    finally:
        kube_client.core_v1().delete_namespace(other)
    res = rclient.build(JOB.format(name="hook"))
    rclient.create(res)
    _later(0.5, lambda: _patch_job(kube_client, kube_namespace, "hook", JOB_FAILED))
    with pytest.raises(KubeResourceError) as info:
        rclient.watch_until_ready(res, 30)
    assert f"failed post-install: {info.value}" == expected


def test_hook_watch_job_complete_pods_and_timeout(
    rclient: ResourceClient, kube_client: Any, kube_namespace: str
) -> None:
    _await_token(kube_client, kube_namespace)
    res = rclient.build("---\n".join([
        JOB.format(name="j"), POD.format(name="good"), POD.format(name="bad"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n",
    ]))
    rclient.create(res)
    job, good, bad, configmap = (res[i:i + 1] for i in range(4))
    rclient.watch_until_ready(configmap, 1)  # other kinds are ready at once
    _later(0.3, lambda: _patch_job(kube_client, kube_namespace, "j", JOB_COMPLETE))
    _later(0.3, lambda: _patch_pod(kube_client, kube_namespace, "good", "Succeeded"))
    rclient.watch_until_ready(job + good, 20)
    _later(0.3, lambda: _patch_pod(kube_client, kube_namespace, "bad", "Failed"))
    with pytest.raises(KubeResourceError) as info:
        rclient.watch_until_ready(bad, 20)
    assert str(info.value) == f"resource Pod/{kube_namespace}/bad not ready. status: Failed, message: pod bad failed"
    unfinished = rclient.build(POD.format(name="slow"))
    rclient.create(unfinished)
    with pytest.raises(WaitTimeoutError) as info:
        rclient.watch_until_ready(unfinished, 1)
    assert str(info.value) == (f"resource Pod/{kube_namespace}/slow not ready. status: InProgress, "
                               "message: Pod in progress\ncontext deadline exceeded")


def test_wait_for_delete_timeout_matches_helm(
    rclient: ResourceClient, kube_client: Any, kube_namespace: str, kubeconfig: str, tmp_path: Path
) -> None:
    import helm_python

    manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fin\n  finalizers: [example.com/block]\n"
    core = kube_client.core_v1()
    unblock = {"metadata": {"finalizers": None}}
    other = _other_namespace(kube_client)
    try:
        chart = write_chart(tmp_path, {"a.yaml": manifest})
        ref = helm_python.Config(kubeconfig_path=kubeconfig, namespace=other)
        ref.install(str(chart), "rel")
        with pytest.raises(Exception) as ref_err:
            ref.uninstall("rel", wait="watcher", timeout=2)
        expected = _strip_prefix(str(ref_err.value), "uninstallation completed with 1 error(s): ")
        core.patch_namespaced_config_map("fin", other, unblock)
    finally:
        core.delete_namespace(other)
    res = rclient.build(manifest)
    rclient.create(res)
    rclient.delete(res)
    with pytest.raises(WaitTimeoutError) as info:
        rclient.wait_for_delete(res, 2)
    assert str(info.value) == expected.replace(other, kube_namespace)
    core.patch_namespaced_config_map("fin", kube_namespace, unblock)
    rclient.wait_for_delete(res, 20)


def _strip_prefix(message: str, prefix: str) -> str:
    assert message.startswith(prefix), message
    return message[len(prefix):]


WORKLOADS = [
    "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: pvc\nspec:\n  accessModes: [ReadWriteOnce]\n"
    "  resources: {requests: {storage: 1Gi}}\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [{name: c, image: i}]\n",
    "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: ds\nspec:\n  selector: {matchLabels: {a: d}}\n"
    "  template:\n    metadata: {labels: {a: d}}\n    spec:\n      containers: [{name: c, image: i}]\n",
    "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: rs\nspec:\n  replicas: 1\n"
    "  selector: {matchLabels: {a: r}}\n  template:\n    metadata: {labels: {a: r}}\n"
    "    spec:\n      containers: [{name: c, image: i}]\n",
    "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: sts\nspec:\n  replicas: 2\n  serviceName: s\n"
    "  selector: {matchLabels: {a: s}}\n  template:\n    metadata: {labels: {a: s}}\n"
    "    spec:\n      containers: [{name: c, image: i}]\n",
    "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n"
    "      restartPolicy: Never\n      containers: [{name: c, image: i}]\n",
]


def test_workload_timeout_messages_match_helm(
    rclient: ResourceClient, kube_client: Any, kube_namespace: str, kubeconfig: str, tmp_path: Path
) -> None:
    import helm_python

    manifest = "---\n".join(WORKLOADS)
    other = _other_namespace(kube_client)
    try:
        chart = write_chart(tmp_path, {"all.yaml": manifest})
        ref = helm_python.Config(kubeconfig_path=kubeconfig, namespace=other)
        with pytest.raises(Exception) as ref_err:
            ref.install(str(chart), "rel", wait="watcher", timeout=4)
        expected = str(ref_err.value).replace(other, kube_namespace)
    finally:
        kube_client.core_v1().delete_namespace(other)
    _await_token(kube_client, kube_namespace)
    res = rclient.build(manifest)
    rclient.create(res)
    for strategy in ("watcher", "legacy"):
        # The message names each workload's state, which the controllers reach at their own
        # pace: give them up to 20 s to get where they were during the reference's 4 s wait.
        deadline = time.monotonic() + 20
        while True:
            with pytest.raises(WaitTimeoutError) as info:
                rclient.wait(res, 1, strategy=strategy)
            if str(info.value) == expected or time.monotonic() > deadline:
                break
        assert str(info.value) == expected, strategy
