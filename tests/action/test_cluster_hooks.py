"""Hooks, ``helm test`` and ``--wait`` on the real control plane, against the reference Helm.

There is no kubelet: a background thread plays it, finishing hook Jobs and Pods (a pod
named ``*-fail`` fails) and marking workload Pods Ready, for both implementations.
"""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

import pytest
from oracle import write_chart
from test_cluster_release import _cfg, _records, _ref

from pyhelm.action.install import InstallOptions, install
from pyhelm.action.release_testing import ReleaseTestError, TestOptions, run_tests
from pyhelm.action.uninstall import UninstallOptions, uninstall
from pyhelm.action.upgrade import UpgradeError, UpgradeOptions, upgrade

pytestmark = pytest.mark.cluster

TEMPLATES = {
    "deploy.yaml": """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: c, image: busybox}]
""",
    "job-hooks.yaml": """apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "-5"
    helm.sh/hook-delete-policy: hook-succeeded
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox}]
---
apiVersion: v1
kind: Pod
metadata:
  name: post-check
  annotations:
    helm.sh/hook: post-install
    helm.sh/hook-weight: "3"
spec:
  restartPolicy: Never
  containers: [{name: c, image: busybox}]
{{- if .Values.failUpgrade }}
---
apiVersion: v1
kind: Pod
metadata:
  name: upgrade-fail
  annotations:
    helm.sh/hook: post-upgrade
    helm.sh/hook-delete-policy: hook-failed
spec:
  restartPolicy: Never
  containers: [{name: c, image: busybox}]
{{- end }}
""",
    "tests.yaml": """apiVersion: v1
kind: Pod
metadata:
  name: test-ok
  annotations:
    helm.sh/hook: test
    helm.sh/hook-weight: "2"
spec:
  restartPolicy: Never
  containers: [{name: c, image: busybox}]
---
apiVersion: v1
kind: Pod
metadata:
  name: test-second
  annotations:
    helm.sh/hook: test
    helm.sh/hook-weight: "1"
spec:
  restartPolicy: Never
  containers: [{name: c, image: busybox}]
""",
}


class Kubelet:
    """Finishes hook Pods/Jobs and readies workload Pods in the given namespaces."""

    def __init__(self, kube_client: Any, namespaces: list[str]) -> None:
        self.core = kube_client.core_v1()
        from kubernetes.client import BatchV1Api

        self.batch = BatchV1Api(kube_client.api_client)
        self.namespaces = namespaces
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Kubelet:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(5)

    def _run(self) -> None:
        while not self.stop.is_set():
            for ns in self.namespaces:
                try:
                    self._tick(ns)
                except Exception:  # noqa: BLE001 - objects come and go under us
                    pass
            time.sleep(0.2)

    def _tick(self, ns: str) -> None:
        for pod in self.core.list_namespaced_pod(ns).items:
            if pod.status and pod.status.phase not in (None, "Pending"):
                continue
            annotations = pod.metadata.annotations or {}
            if "helm.sh/hook" in annotations:
                phase = "Failed" if pod.metadata.name.endswith("-fail") else "Succeeded"
                body = {"status": {"phase": phase}}
            else:
                body = {"status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}}
            self.core.patch_namespaced_pod_status(pod.metadata.name, ns, body)
        for job in self.batch.list_namespaced_job(ns).items:
            if job.status and job.status.succeeded:
                continue
            self.batch.patch_namespaced_job_status(job.metadata.name, ns, {"status": {
                "succeeded": 1, "conditions": [{"type": "Complete", "status": "True"}]}})


@pytest.fixture()
def second_namespace(kube_client: Any) -> Any:
    name = f"t-{uuid.uuid4().hex[:10]}"
    core = kube_client.core_v1()
    core.create_namespace({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}})
    yield name
    try:
        core.delete_namespace(name)
    except Exception:  # noqa: BLE001
        pass


def _hook_objects(kube_client: Any, namespace: str) -> list[str]:
    from kubernetes.client import BatchV1Api

    pods = [f"Pod/{p.metadata.name}" for p in kube_client.core_v1().list_namespaced_pod(namespace).items
            if "helm.sh/hook" in (p.metadata.annotations or {})]  # fmt: skip
    jobs = [f"Job/{j.metadata.name}" for j in BatchV1Api(kube_client.api_client).list_namespaced_job(namespace).items]
    return sorted(pods + jobs)


def test_hooks_wait_and_tests_match_reference(tmp_path, kube_client, kubeconfig, kube_namespace, second_namespace):
    chart = write_chart(tmp_path, TEMPLATES, "failUpgrade: false\n", name="hooked")
    ref = _ref(kubeconfig, kube_namespace)
    cfg = _cfg(kube_client, second_namespace)
    with Kubelet(kube_client, [kube_namespace, second_namespace]):
        ref.install(str(chart), "app", None, wait="watcher", timeout=60)
        install(cfg, "app", chart, InstallOptions(namespace=second_namespace, wait=True, timeout=60))
        assert _hook_objects(kube_client, second_namespace) == _hook_objects(kube_client, kube_namespace)
        ref.test("app", timeout=60, exclude_names=["test-ok"])
        run_tests(cfg, "app", TestOptions(timeout=60, filters={"!name": ["test-ok"]}))
        assert _records(kube_client, second_namespace, "app") == _records(kube_client, kube_namespace, "app")
        ref.test("app", timeout=60)
        run_tests(cfg, "app", TestOptions(timeout=60))
    assert _records(kube_client, second_namespace, "app") == _records(kube_client, kube_namespace, "app")
    assert _hook_objects(kube_client, second_namespace) == _hook_objects(kube_client, kube_namespace)


def test_failing_post_upgrade_hook_with_atomic(tmp_path, kube_client, kubeconfig, kube_namespace, second_namespace):
    chart = write_chart(tmp_path, TEMPLATES, "failUpgrade: false\n", name="hooked")
    ref = _ref(kubeconfig, kube_namespace)
    cfg = _cfg(kube_client, second_namespace)
    with Kubelet(kube_client, [kube_namespace, second_namespace]):
        ref.install(str(chart), "app", None, timeout=60)
        install(cfg, "app", chart, InstallOptions(namespace=second_namespace, timeout=60))
        with pytest.raises(Exception) as theirs:
            ref.upgrade(str(chart), "app", {"failUpgrade": True}, rollback_on_failure=True, timeout=60)
        with pytest.raises(UpgradeError) as mine:
            upgrade(cfg, "app", chart, UpgradeOptions(namespace=second_namespace, values={"failUpgrade": True},
                                                      atomic=True, timeout=60))  # fmt: skip
    assert "has been rolled back due to rollback-on-failure being set" in str(theirs.value)
    assert "has been rolled back due to rollback-on-failure being set" in str(mine.value)
    mine_records = _records(kube_client, second_namespace, "app")
    theirs_records = _records(kube_client, kube_namespace, "app")
    assert [(r["version"], r["status"]) for r in mine_records] == [(r["version"], r["status"]) for r in theirs_records]
    assert _hook_objects(kube_client, second_namespace) == _hook_objects(kube_client, kube_namespace)


def test_failing_test_hook(tmp_path, kube_client, kube_namespace):
    templates = {"t.yaml": TEMPLATES["tests.yaml"].replace("test-second", "test-fail")}
    chart = write_chart(tmp_path, templates, "", name="tested")
    cfg = _cfg(kube_client, kube_namespace)
    with Kubelet(kube_client, [kube_namespace]):
        install(cfg, "t", chart, InstallOptions(namespace=kube_namespace))
        with pytest.raises(ReleaseTestError) as info:
            run_tests(cfg, "t", TestOptions(timeout=30))
    phases = {h.name: str(h.last_run.phase) for h in info.value.release.hooks}
    assert phases == {"test-fail": "Failed", "test-ok": ""}  # weight 1 runs first; test-ok never starts
    stored = cfg.storage.last("t")
    assert {h.name: str(h.last_run.phase) for h in stored.hooks}["test-fail"] == "Failed"
    uninstall(cfg, "t", UninstallOptions())


def test_failed_hook_cleanup_like_reference(tmp_path, kube_client, kubeconfig, kube_namespace, second_namespace):
    hooks = """apiVersion: v1
kind: Pod
metadata:
  name: first-ok
  annotations:
    helm.sh/hook: pre-install
    helm.sh/hook-weight: "0"
    helm.sh/hook-delete-policy: hook-succeeded
spec:
  restartPolicy: Never
  containers: [{name: c, image: busybox}]
---
apiVersion: v1
kind: Pod
metadata:
  name: second-fail
  annotations:
    helm.sh/hook: pre-install
    helm.sh/hook-weight: "1"
    helm.sh/hook-delete-policy: hook-failed
spec:
  restartPolicy: Never
  containers: [{name: c, image: busybox}]
---
apiVersion: v1
kind: Pod
metadata:
  name: third-never
  annotations:
    helm.sh/hook: pre-install
    helm.sh/hook-weight: "2"
spec:
  restartPolicy: Never
  containers: [{name: c, image: busybox}]
"""
    chart = write_chart(tmp_path, {"hooks.yaml": hooks, "cm.yaml": TEMPLATES["deploy.yaml"]}, "", name="failing")
    with Kubelet(kube_client, [kube_namespace, second_namespace]):
        with pytest.raises(Exception) as theirs:
            _ref(kubeconfig, kube_namespace).install(str(chart), "f", None, timeout=30)
        with pytest.raises(Exception) as mine:
            install(_cfg(kube_client, second_namespace), "f", chart, InstallOptions(namespace=second_namespace, timeout=30))
    assert str(mine.value).startswith("failed pre-install: ")
    assert str(theirs.value).startswith("failed pre-install: ")
    assert _hook_objects(kube_client, second_namespace) == _hook_objects(kube_client, kube_namespace)
    assert _records(kube_client, second_namespace, "f") == _records(kube_client, kube_namespace, "f")


def test_concurrent_upgrade_refused_while_pending(tmp_path, kube_client, kubeconfig, kube_namespace):
    gate = """apiVersion: v1
kind: Pod
metadata:
  name: gate
  annotations:
    helm.sh/hook: pre-upgrade
spec:
  restartPolicy: Never
  containers: [{name: c, image: busybox}]
"""
    chart = write_chart(tmp_path, {"gate.yaml": gate, "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                                   "  name: c\ndata:\n  v: {{ .Values.v | quote }}\n"}, "v: a\n", name="gated")
    cfg = _cfg(kube_client, kube_namespace)
    install(cfg, "busy", chart, InstallOptions(namespace=kube_namespace))
    outcome: dict[str, Any] = {}

    def first() -> None:
        try:
            outcome["rel"] = upgrade(_cfg(kube_client, kube_namespace), "busy", chart,
                                     UpgradeOptions(namespace=kube_namespace, values={"v": "b"}, timeout=60))
        except Exception as err:  # noqa: BLE001
            outcome["err"] = err

    thread = threading.Thread(target=first)
    thread.start()
    try:
        deadline = time.time() + 30
        while time.time() < deadline and str(cfg.storage.last("busy").status) != "pending-upgrade":
            time.sleep(0.1)
        with pytest.raises(UpgradeError) as mine:
            upgrade(cfg, "busy", chart, UpgradeOptions(namespace=kube_namespace, values={"v": "c"}))
        with pytest.raises(Exception) as theirs:
            _ref(kubeconfig, kube_namespace).upgrade(str(chart), "busy", {"v": "d"})
        assert str(mine.value) == str(theirs.value) == "another operation (install/upgrade/rollback) is in progress"
    finally:
        core = kube_client.core_v1()
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                core.patch_namespaced_pod_status("gate", kube_namespace, {"status": {"phase": "Succeeded"}})
                break
            except Exception:  # noqa: BLE001 - the hook pod may not exist yet
                time.sleep(0.2)
        thread.join(60)
    assert "err" not in outcome, outcome.get("err")
    assert [(r["version"], r["status"]) for r in _records(kube_client, kube_namespace, "busy")] == [
        (1, "superseded"), (2, "deployed")]
