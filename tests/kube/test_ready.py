"""Helm's readiness rules (pkg/kube/ready.go) on hand-built live objects, and the poller.

The rules are Helm's: each case states the Kubernetes status and the verdict Helm's
ReadyChecker gives for it (the cluster tests in test_wait.py exercise the same
checker against real controllers and the reference Helm)."""

from __future__ import annotations

from typing import Any

import pytest

from pyhelm.kube.interface import WaitTimeoutError
from pyhelm.kube.ready import (
    JobFailedError,
    crd_ready,
    daemonset_ready,
    deployment_ready,
    job_ready,
    label_selector,
    max_unavailable,
    new_replicaset,
    pod_ready,
    pvc_ready,
    service_ready,
    statefulset_ready,
)
from pyhelm.kube.wait import Pending, poll


def _meta(kind: str, generation: int = 1, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "metadata": {"name": "x", "namespace": "ns", "generation": generation, **extra}}


@pytest.mark.parametrize(("strategy", "replicas", "expected"), [
    ({}, 4, 1),  # 25% of 4 rounded down; surge 25% rounded up
    ({}, 2, 0),
    ({"rollingUpdate": {"maxUnavailable": 0, "maxSurge": 0}}, 3, 1),  # fencepost: never both zero
    ({"rollingUpdate": {"maxUnavailable": "50%"}}, 3, 1),
    ({"rollingUpdate": {"maxUnavailable": 10}}, 3, 3),  # capped at replicas
    ({"type": "Recreate"}, 3, 0),
    ({}, 0, 0),
])
def test_max_unavailable(strategy: dict[str, Any], replicas: int, expected: int) -> None:
    dep = {"spec": {"replicas": replicas, "strategy": {"type": "RollingUpdate", **strategy}}}
    assert max_unavailable(dep) == expected


def test_deployment_ready() -> None:
    dep = _meta("Deployment") | {"spec": {"replicas": 4}, "status": {"observedGeneration": 1}}
    rs = _meta("ReplicaSet") | {"status": {"observedGeneration": 1, "readyReplicas": 2}}
    assert deployment_ready(dep, rs) == (False, "Deployment is not ready: ns/x. 2 out of 3 expected pods are ready")
    rs["status"]["readyReplicas"] = 3
    assert deployment_ready(dep, rs) == (True, "")
    assert deployment_ready(dep, None)[0] is False
    stale = dep | {"status": {"observedGeneration": 0}}
    assert deployment_ready(stale, rs)[0] is False
    paused = dep | {"spec": {"replicas": 4, "paused": True}}
    assert deployment_ready(paused, None) == (True, "")


def test_new_replicaset_ignores_hash_and_foreign_sets() -> None:
    template = {"metadata": {"labels": {"app": "w"}}, "spec": {"containers": [{"name": "c", "image": "v2"}]}}
    dep = {"metadata": {"uid": "u1"}, "spec": {"template": template}}
    owner = [{"uid": "u1", "controller": True}]

    def rs(name: str, image: str, refs: list[dict[str, Any]]) -> dict[str, Any]:
        return {"metadata": {"name": name, "ownerReferences": refs, "creationTimestamp": name},
                "spec": {"template": {"metadata": {"labels": {"app": "w", "pod-template-hash": name}},
                                      "spec": {"containers": [{"name": "c", "image": image}]}}}}

    sets = [rs("a", "v1", owner), rs("b", "v2", [{"uid": "other", "controller": True}]), rs("c", "v2", owner)]
    assert new_replicaset(dep, sets)["metadata"]["name"] == "c"
    assert new_replicaset(dep, sets[:2]) is None


def test_pod_pvc_service_crd() -> None:
    assert pod_ready({"status": {"conditions": [{"type": "Ready", "status": "True"}]}})[0]
    assert not pod_ready(_meta("Pod") | {"status": {"phase": "Running"}})[0]
    assert pvc_ready({"status": {"phase": "Bound"}})[0]
    assert pvc_ready(_meta("PersistentVolumeClaim") | {"status": {"phase": "Pending"}}) == (
        False, "PersistentVolumeClaim is not bound: ns/x")
    assert service_ready({"spec": {"type": "ExternalName"}})[0]
    assert not service_ready(_meta("Service") | {"spec": {}})[0]
    assert service_ready({"spec": {"clusterIP": "10.0.0.1"}})[0]
    lb = {"spec": {"type": "LoadBalancer", "clusterIP": "10.0.0.1"}, "status": {"loadBalancer": {}}}
    assert not service_ready(lb | {"metadata": {"name": "s"}})[0]
    assert service_ready(lb | {"status": {"loadBalancer": {"ingress": [{"ip": "1.2.3.4"}]}}})[0]
    assert service_ready(lb | {"spec": lb["spec"] | {"externalIPs": ["1.1.1.1"]}})[0]
    assert crd_ready({"status": {"conditions": [{"type": "Established", "status": "True"}]}})[0]
    assert crd_ready({"status": {"conditions": [{"type": "NamesAccepted", "status": "False"}]}})[0]
    assert not crd_ready({"metadata": {"name": "c"}, "status": {"conditions": []}})[0]


def test_job_rules() -> None:
    job = _meta("Job") | {"spec": {"completions": 2, "backoffLimit": 1}, "status": {"succeeded": 1}}
    assert job_ready(job) == (False, "Job is not completed: ns/x. 1 out of 2 expected completions")
    assert job_ready(job | {"status": {"succeeded": 2}}) == (True, "")
    assert job_ready(job | {"spec": {"backoffLimit": 1}})[0]  # no completions: complete
    with pytest.raises(JobFailedError, match="job is failed: ns/x"):
        job_ready(job | {"status": {"failed": 2}})
    assert job_ready(job | {"status": {"failed": 1}})[0] is False  # within backoffLimit


def test_statefulset_rules() -> None:
    sts = _meta("StatefulSet") | {
        "spec": {"replicas": 3, "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 1}}},
        "status": {"observedGeneration": 1, "updatedReplicas": 2, "readyReplicas": 3,
                   "currentRevision": "a", "updateRevision": "b"},
    }
    assert statefulset_ready(sts) == (True, "")  # partitioned: revisions may differ
    sts["status"]["updatedReplicas"] = 1
    assert not statefulset_ready(sts)[0]
    sts["spec"]["updateStrategy"] = {"type": "RollingUpdate"}
    sts["status"]["updatedReplicas"] = 3
    assert not statefulset_ready(sts)[0]  # revisions differ without a partition
    sts["status"]["updateRevision"] = "a"
    assert statefulset_ready(sts)[0]
    sts["spec"]["updateStrategy"] = {"type": "OnDelete"}
    sts["status"]["readyReplicas"] = 0
    assert statefulset_ready(sts)[0]


def test_daemonset_rules() -> None:
    ds = _meta("DaemonSet") | {
        "spec": {"updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1}}},
        "status": {"observedGeneration": 1, "desiredNumberScheduled": 3, "updatedNumberScheduled": 3,
                   "numberReady": 1},
    }
    assert daemonset_ready(ds) == (False, "DaemonSet is not ready: ns/x. 1 out of 2 expected pods are ready")
    ds["status"]["numberReady"] = 2
    assert daemonset_ready(ds)[0]
    ds["status"]["updatedNumberScheduled"] = 2
    assert not daemonset_ready(ds)[0]


def test_label_selector() -> None:
    assert label_selector({"matchLabels": {"b": "2", "a": "1"}}) == "a=1,b=2"
    assert label_selector({"app": "x"}) == "app=x"
    assert label_selector({"matchExpressions": [
        {"key": "k", "operator": "In", "values": ["a", "b"]}, {"key": "e", "operator": "DoesNotExist"}]}) == "k in (a,b),!e"


def test_poll_reports_changes_and_times_out() -> None:
    now = [0.0]
    states = iter([["a"], ["a"], ["b"], ["b"], ["b"]])

    def check() -> list[Pending]:
        return [Pending("Pod", "ns", "p", "InProgress", "Pod in progress", f"reason {s}") for s in next(states)]

    lines: list[str] = []
    with pytest.raises(WaitTimeoutError) as info:
        poll(check, 5, interval=2, progress=lines.append, clock=lambda: now[0],
             sleep=lambda s: now.__setitem__(0, now[0] + s))
    assert lines == ["reason a", "reason b"]
    assert str(info.value) == ("resource Pod/ns/p not ready. status: InProgress, message: Pod in progress\n"
                               "context deadline exceeded")
    assert now[0] == 5
    done = iter([[Pending("Pod", "ns", "p", "InProgress", "m", "r")], []])
    poll(lambda: next(done), 5, interval=0, sleep=lambda s: None)


def test_kstatus_rules() -> None:
    from pyhelm.kube.ready import kstatus

    dep = {"kind": "Deployment", "metadata": {"generation": 2}, "spec": {"replicas": 2},
           "status": {"observedGeneration": 2, "replicas": 2, "updatedReplicas": 2, "availableReplicas": 1,
                      "readyReplicas": 1}}
    assert kstatus(dep) == ("InProgress", "Available: 1/2")
    dep["status"] |= {"availableReplicas": 2, "readyReplicas": 2}
    assert kstatus(dep) == ("InProgress", "ReplicaSet not Available")
    dep["status"]["conditions"] = [
        {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable"},
        {"type": "Available", "status": "True"}]
    assert kstatus(dep)[0] == "Current"
    assert kstatus(dep | {"metadata": {"generation": 3}}) == (
        "InProgress", "Deployment generation is 3, but latest observed generation is 2")
    assert kstatus(dep | {"metadata": {"deletionTimestamp": "x"}})[0] == "Terminating"
    assert kstatus(None) == ("NotFound", "Resource not found")
    job = {"kind": "Job", "spec": {}, "status": {"failed": 1, "conditions": [{"type": "Failed", "status": "True"}]}}
    assert kstatus(job) == ("Current", "Resource is current")  # Jobs only count with wait_for_jobs
    assert kstatus(job, check_jobs=True) == ("Failed", "Job Failed. failed: 1/1")
    sts = {"kind": "StatefulSet", "spec": {"replicas": 3, "updateStrategy": {"rollingUpdate": {"partition": 2}}},
           "status": {"replicas": 3, "readyReplicas": 3, "updatedReplicas": 0}}
    assert kstatus(sts) == ("InProgress", "updated: 0/1")
    assert kstatus({"kind": "Pod", "status": {"phase": "Running"}}) == ("InProgress", "Pod is running but is not Ready")
    assert kstatus({"kind": "Service", "spec": {"type": "LoadBalancer", "clusterIP": "10.0.0.1"}})[0] == "Current"
    assert kstatus({"kind": "Widget", "status": {"conditions": [
        {"type": "Stalled", "status": "True", "message": "stuck"}]}}) == ("Failed", "stuck")
