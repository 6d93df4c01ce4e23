"""Helm's readiness rules for live Kubernetes objects (Helm ``pkg/kube/ready.go``).

Every check takes the live object(s) as dicts and returns ``(ready, reason)``:
``reason`` is a human-readable line saying why the object is not ready yet (empty when
it is ready). Kinds without a rule are always ready. A failed Job raises
:class:`JobFailedError` (it can never become ready).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from typing import Any

from pyhelm.kube.interface import KubeResourceError

__all__ = [
    "JobFailedError",
    "ReadyChecker",
    "crd_ready",
    "daemonset_ready",
    "deployment_ready",
    "job_ready",
    "max_unavailable",
    "pod_ready",
    "pvc_ready",
    "replicaset_ready",
    "scaled_value",
    "service_ready",
    "statefulset_ready",
]

Ready = tuple[bool, str]


class JobFailedError(KubeResourceError):
    """A Job failed (``job is failed: NAMESPACE/NAME``); waiting for it is pointless."""


def _id(obj: dict[str, Any]) -> str:
    meta = obj.get("metadata") or {}
    ns = meta.get("namespace") or ""
    return f"{ns}/{meta.get('name', '')}" if ns else str(meta.get("name", ""))


def _get(obj: Any, *path: str, default: Any = None) -> Any:
    for key in path:
        if not isinstance(obj, dict):
            return default
        obj = obj.get(key)
    return default if obj is None else obj


def _generation_matches(obj: dict[str, Any]) -> Ready:
    observed = int(_get(obj, "status", "observedGeneration", default=0))
    generation = int(_get(obj, "metadata", "generation", default=0))
    if observed != generation:
        return False, (f"{obj.get('kind')} is not ready: {_id(obj)}. observedGeneration ({observed}) "
                       f"does not match spec generation ({generation}).")
    return True, ""


def scaled_value(value: Any, total: int, round_up: bool) -> int:
    """Kubernetes ``intstr.GetScaledValueFromIntOrPercent``: an int, or ``"N%"`` of ``total``.

    Raises ``ValueError`` for a malformed value.
    """
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    text = str(value)
    if not text.endswith("%"):
        raise ValueError("invalid value for IntOrString: invalid type: string is not a percentage")
    pct = int(text[:-1])
    exact = pct * total / 100
    return math.ceil(exact) if round_up else math.floor(exact)


def max_unavailable(deployment: dict[str, Any]) -> int:
    """Kubernetes ``deploymentutil.MaxUnavailable``: pods allowed to be unavailable in a rollout."""
    spec = deployment.get("spec") or {}
    replicas = int(spec.get("replicas", 1) if spec.get("replicas") is not None else 1)
    strategy = spec.get("strategy") or {}
    if strategy.get("type", "RollingUpdate") != "RollingUpdate" or replicas == 0:
        return 0
    rolling = strategy.get("rollingUpdate") or {}
    try:
        surge = scaled_value(rolling.get("maxSurge", "25%"), replicas, True)
        unavailable = scaled_value(rolling.get("maxUnavailable", "25%"), replicas, False)
    except ValueError:
        return replicas
    if surge == 0 and unavailable == 0:
        unavailable = 1
    return min(unavailable, replicas)


def pod_ready(pod: dict[str, Any]) -> Ready:
    """A Pod is ready when its ``Ready`` condition is ``True``."""
    for cond in _get(pod, "status", "conditions", default=[]):
        if cond.get("type") == "Ready" and cond.get("status") == "True":
            return True, ""
    return False, f"Pod is not ready: {_id(pod)}"


def job_ready(job: dict[str, Any]) -> Ready:
    """A Job is ready when complete; raises :class:`JobFailedError` when it failed.

    Failure: ``status.failed`` above ``spec.backoffLimit`` (default 6) or a ``Failed``
    condition. Completion: ``succeeded >= completions`` (no ``completions``: complete, as
    Helm) or a ``Complete`` condition.
    """
    conditions = {c.get("type"): c for c in _get(job, "status", "conditions", default=[])}
    failed = int(_get(job, "status", "failed", default=0))
    backoff = int(_get(job, "spec", "backoffLimit", default=6))
    if failed > backoff or _get(conditions, "Failed", "status") == "True":
        raise JobFailedError(f"job is failed: {_id(job)}")
    if _get(conditions, "Complete", "status") == "True":
        return True, ""
    completions = _get(job, "spec", "completions")
    succeeded = int(_get(job, "status", "succeeded", default=0))
    if completions is not None and succeeded < int(completions):
        return False, f"Job is not completed: {_id(job)}. {succeeded} out of {completions} expected completions"
    return True, ""


def service_ready(svc: dict[str, Any]) -> Ready:
    """ExternalName Services are ready; others need a cluster IP, LoadBalancers an ingress."""
    spec = svc.get("spec") or {}
    kind = spec.get("type", "ClusterIP")
    if kind == "ExternalName":
        return True, ""
    if not spec.get("clusterIP"):
        return False, f"Service does not have cluster IP address: {_id(svc)}"
    if kind == "LoadBalancer":
        if spec.get("externalIPs"):
            return True, ""
        if _get(svc, "status", "loadBalancer", "ingress") is None:
            return False, f"Service does not have load balancer ingress IP address: {_id(svc)}"
    return True, ""


def pvc_ready(pvc: dict[str, Any]) -> Ready:
    """A PersistentVolumeClaim is ready when ``Bound``."""
    if _get(pvc, "status", "phase") != "Bound":
        return False, f"PersistentVolumeClaim is not bound: {_id(pvc)}"
    return True, ""


def replicaset_ready(rs: dict[str, Any]) -> Ready:
    """ReplicaSets and ReplicationControllers: the controller observed the latest generation."""
    return _generation_matches(rs)


def deployment_ready(dep: dict[str, Any], new_rs: dict[str, Any] | None) -> Ready:
    """Helm's ``deploymentReady``: new ReplicaSet observed, generation observed, and
    ``readyReplicas >= replicas - maxUnavailable``. A paused Deployment counts as ready."""
    if _get(dep, "spec", "paused"):
        return True, ""
    if new_rs is None:
        return False, f"Deployment is not ready: {_id(dep)}. New ReplicaSet has not been created yet"
    ok, _ = replicaset_ready(new_rs)
    if not ok:
        return False, f"Deployment is not ready: {_id(dep)}. ReplicaSet {_id(new_rs)} has not observed its latest generation"
    ok, why = _generation_matches(dep)
    if not ok:
        return ok, why
    replicas = _get(dep, "spec", "replicas", default=1)
    expected = int(replicas) - max_unavailable(dep)
    ready = int(_get(new_rs, "status", "readyReplicas", default=0))
    if ready < expected:
        return False, f"Deployment is not ready: {_id(dep)}. {ready} out of {expected} expected pods are ready"
    return True, ""


def daemonset_ready(ds: dict[str, Any]) -> Ready:
    """Helm's ``daemonSetReady`` (rolling updates only): all updated pods scheduled and
    ``numberReady >= desired - maxUnavailable``."""
    ok, why = _generation_matches(ds)
    if not ok:
        return ok, why
    strategy = _get(ds, "spec", "updateStrategy", default={})
    if strategy.get("type", "RollingUpdate") != "RollingUpdate":
        return True, ""
    desired = int(_get(ds, "status", "desiredNumberScheduled", default=0))
    updated = int(_get(ds, "status", "updatedNumberScheduled", default=0))
    if updated != desired:
        return False, f"DaemonSet is not ready: {_id(ds)}. {updated} out of {desired} expected pods have been scheduled"
    try:
        unavailable = scaled_value(_get(strategy, "rollingUpdate", "maxUnavailable", default=1), desired, True)
    except ValueError:
        unavailable = desired
    expected = desired - unavailable
    ready = int(_get(ds, "status", "numberReady", default=0))
    if ready < expected:
        return False, f"DaemonSet is not ready: {_id(ds)}. {ready} out of {expected} expected pods are ready"
    return True, ""


def statefulset_ready(sts: dict[str, Any]) -> Ready:
    """Helm's ``statefulSetReady``: updated replicas (minus the partition) scheduled, all
    replicas ready, and (without a partition) current revision equal to update revision."""
    ok, why = _generation_matches(sts)
    if not ok:
        return ok, why
    strategy = _get(sts, "spec", "updateStrategy", default={})
    if strategy.get("type", "RollingUpdate") != "RollingUpdate":
        return True, ""
    partition = int(_get(strategy, "rollingUpdate", "partition", default=0))
    replicas = int(_get(sts, "spec", "replicas", default=1))
    expected = replicas - partition
    updated = int(_get(sts, "status", "updatedReplicas", default=0))
    if updated < expected:
        return False, f"StatefulSet is not ready: {_id(sts)}. {updated} out of {expected} expected pods have been scheduled"
    ready = int(_get(sts, "status", "readyReplicas", default=0))
    if ready != replicas:
        return False, f"StatefulSet is not ready: {_id(sts)}. {ready} out of {replicas} expected pods are ready"
    current = _get(sts, "status", "currentRevision", default="")
    update = _get(sts, "status", "updateRevision", default="")
    if partition == 0 and current != update:
        return False, (f"StatefulSet is not ready: {_id(sts)}. current revision {current} "
                       f"does not yet match update revision {update}")
    return True, ""


def crd_ready(crd: dict[str, Any]) -> Ready:
    """A CustomResourceDefinition is ready when ``Established`` (or its names were refused)."""
    for cond in _get(crd, "status", "conditions", default=[]):
        if cond.get("type") == "Established" and cond.get("status") == "True":
            return True, ""
        if cond.get("type") == "NamesAccepted" and cond.get("status") == "False":
            return True, ""
    return False, f"CustomResourceDefinition is not established: {_id(crd)}"


def _without_hash(template: Any) -> Any:
    template = copy.deepcopy(template or {})
    labels = _get(template, "metadata", "labels")
    if isinstance(labels, dict):
        labels.pop("pod-template-hash", None)
    return template


def new_replicaset(dep: dict[str, Any], replicasets: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Kubernetes ``deploymentutil.GetNewReplicaSet``: the ReplicaSet controlled by
    ``dep`` whose pod template equals the Deployment's (ignoring ``pod-template-hash``);
    the oldest one when several match."""
    uid = _get(dep, "metadata", "uid")
    want = _without_hash(_get(dep, "spec", "template"))
    owned = [
        rs for rs in replicasets
        if any(ref.get("uid") == uid and ref.get("controller") for ref in _get(rs, "metadata", "ownerReferences", default=[]))
    ]
    owned.sort(key=lambda rs: (_get(rs, "metadata", "creationTimestamp", default=""), _get(rs, "metadata", "name", default="")))
    for rs in owned:
        if _without_hash(_get(rs, "spec", "template")) == want:
            return rs
    return None


def label_selector(selector: dict[str, Any] | None) -> str:
    """A ``labelSelector`` query string for a LabelSelector (``matchLabels`` + ``matchExpressions``)
    or a plain label map (ReplicationController's selector)."""
    if not selector:
        return ""
    if "matchLabels" not in selector and "matchExpressions" not in selector:
        return ",".join(f"{k}={v}" for k, v in sorted(selector.items()))
    parts = [f"{k}={v}" for k, v in sorted((selector.get("matchLabels") or {}).items())]
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr.get("key"), expr.get("operator"), expr.get("values") or []
        if op == "In":
            parts.append(f"{key} in ({','.join(values)})")
        elif op == "NotIn":
            parts.append(f"{key} notin ({','.join(values)})")
        elif op == "Exists":
            parts.append(str(key))
        elif op == "DoesNotExist":
            parts.append(f"!{key}")
    return ",".join(parts)


def _count(status: dict[str, Any], field: str, default: int = 0) -> int:
    value = status.get(field)
    return default if value is None else int(value)


def _first_short(checks: list[tuple[bool, str]]) -> str | None:
    for failed, message in checks:
        if failed:
            return message
    return None


def _replica_message(kind: str, spec: dict[str, Any], status: dict[str, Any]) -> str | None:
    want = _count(spec, "replicas", 1)
    have = {f: _count(status, f) for f in (
        "replicas", "updatedReplicas", "availableReplicas", "readyReplicas", "fullyLabeledReplicas")}
    if kind == "Deployment":
        return _first_short([
            (want > have["replicas"], f"Replicas: {have['replicas']}/{want}"),
            (want > have["updatedReplicas"], f"Updated: {have['updatedReplicas']}/{want}"),
            (have["replicas"] > want, f"Pending termination: {have['replicas'] - want}"),
            (have["updatedReplicas"] > have["availableReplicas"],
             f"Available: {have['availableReplicas']}/{have['updatedReplicas']}"),
            (want > have["readyReplicas"], f"Ready: {have['readyReplicas']}/{want}"),
        ])
    if kind == "ReplicaSet":
        return _first_short([
            (want > have["fullyLabeledReplicas"], f"Labelled: {have['fullyLabeledReplicas']}/{want}"),
            (want > have["availableReplicas"], f"Available: {have['availableReplicas']}/{want}"),
            (want > have["readyReplicas"], f"Ready: {have['readyReplicas']}/{want}"),
        ])
    return _first_short([
        (want > have["replicas"], f"Replicas: {have['replicas']}/{want}"),
        (want > have["readyReplicas"], f"Ready: {have['readyReplicas']}/{want}"),
        (have["replicas"] > want, f"Pending termination: {have['replicas'] - want}"),
    ])


def _daemonset_message(status: dict[str, Any]) -> str | None:
    desired = _count(status, "desiredNumberScheduled", -1)
    if desired == -1:
        return "Missing .status.desiredNumberScheduled"
    return _first_short([
        (desired > _count(status, field), f"{label}: {_count(status, field)}/{desired}")
        for field, label in (("currentNumberScheduled", "Current"), ("updatedNumberScheduled", "Updated"),
                             ("numberAvailable", "Available"), ("numberReady", "Ready"))
    ])


def _pod_message(status: dict[str, Any]) -> str:
    phase = status.get("phase") or ""
    if phase == "Running":
        return "Pod is running but is not Ready"
    if phase:
        return f"Pod is in the {phase} phase"
    return "Pod phase not available"


CURRENT, IN_PROGRESS, FAILED, TERMINATING, NOT_FOUND = "Current", "InProgress", "Failed", "Terminating", "NotFound"


def _conditions(status: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {str(c.get("type")): c for c in status.get("conditions") or [] if isinstance(c, dict)}


def _deployment_status(spec: dict[str, Any], status: dict[str, Any]) -> tuple[str, str]:
    conds = _conditions(status)
    progressing = conds.get("Progressing") or {}
    if progressing.get("reason") == "ProgressDeadlineExceeded":
        return FAILED, "Progress deadline exceeded"
    message = _replica_message("Deployment", spec, status)
    if message:
        return IN_PROGRESS, message
    if not (progressing.get("status") == "True" and progressing.get("reason") == "NewReplicaSetAvailable"):
        return IN_PROGRESS, "ReplicaSet not Available"
    if (conds.get("Available") or {}).get("status") != "True":
        return IN_PROGRESS, "Deployment not Available"
    return CURRENT, f"Deployment is available. Replicas: {_count(status, 'replicas')}"


def _statefulset_status(spec: dict[str, Any], status: dict[str, Any]) -> tuple[str, str]:
    strategy = spec.get("updateStrategy") or {}
    if strategy.get("type") == "OnDelete":
        return CURRENT, "StatefulSet is using the ondelete update strategy"
    message = _replica_message("StatefulSet", spec, status)
    if message:
        return IN_PROGRESS, message
    want = _count(spec, "replicas", 1)
    partition = (strategy.get("rollingUpdate") or {}).get("partition")
    if partition is not None:
        expected = want - int(partition)
        if _count(status, "updatedReplicas") < expected:
            return IN_PROGRESS, f"updated: {_count(status, 'updatedReplicas')}/{expected}"
        return CURRENT, f"Partition rollout complete. updated: {_count(status, 'updatedReplicas')}"
    if want > _count(status, "currentReplicas"):
        return IN_PROGRESS, f"current: {_count(status, 'currentReplicas')}/{want}"
    if status.get("currentRevision") != status.get("updateRevision"):
        return IN_PROGRESS, (f"Waiting for updated revision {status.get('updateRevision')} "
                             f"to match current {status.get('currentRevision')}")
    return CURRENT, f"All replicas scheduled as expected. Replicas: {want}"


def _job_status(job: dict[str, Any]) -> tuple[str, str]:
    status = job.get("status") or {}
    conds = _conditions(status)
    completions = _count(job.get("spec") or {}, "completions", 1)
    if (conds.get("Complete") or {}).get("status") == "True":
        return CURRENT, f"Job Completed. succeeded: {_count(status, 'succeeded')}/{completions}"
    if (conds.get("Failed") or {}).get("status") == "True":
        return FAILED, f"Job Failed. failed: {_count(status, 'failed')}/{completions}"
    return IN_PROGRESS, job_progress_message(job)


def _pod_status(status: dict[str, Any]) -> tuple[str, str]:
    phase = status.get("phase") or ""
    if phase == "Succeeded":
        return CURRENT, "Pod has completed successfully"
    if phase == "Failed":
        return CURRENT, "Pod has completed, but not successfully"
    if phase == "Running" and (_conditions(status).get("Ready") or {}).get("status") == "True":
        return CURRENT, "Pod is Ready"
    return IN_PROGRESS, _pod_message(status)


def _crd_status(status: dict[str, Any]) -> tuple[str, str]:
    conds = _conditions(status)
    if (conds.get("NamesAccepted") or {}).get("status") == "False":
        return FAILED, "CRD names have not been accepted"
    if (conds.get("Established") or {}).get("status") == "True":
        return CURRENT, "CRD is established"
    return IN_PROGRESS, "Install in progress"


def kstatus(live: dict[str, Any] | None, *, check_jobs: bool = False) -> tuple[str, str]:
    """``(status, message)`` of a live object as Helm v4's status watcher computes it
    (sigs.k8s.io/cli-utils kstatus): ``Current`` when ready, else ``InProgress``,
    ``Failed``, ``Terminating`` or ``NotFound`` with kstatus' message. Jobs are
    ``Current`` unless ``check_jobs`` (``--wait-for-jobs``)."""
    if live is None:
        return NOT_FOUND, "Resource not found"
    kind = live.get("kind", "")
    status = live.get("status") or {}
    spec = live.get("spec") or {}
    meta = live.get("metadata") or {}
    if meta.get("deletionTimestamp"):
        return TERMINATING, "Resource scheduled for deletion"
    if kind == "Job" and not check_jobs:
        return CURRENT, "Resource is current"
    generation, observed = meta.get("generation"), status.get("observedGeneration")
    if generation is not None and observed is not None and int(observed) != int(generation):
        return IN_PROGRESS, f"{kind} generation is {generation}, but latest observed generation is {observed}"
    if kind == "Deployment":
        return _deployment_status(spec, status)
    if kind == "StatefulSet":
        return _statefulset_status(spec, status)
    if kind in ("ReplicaSet", "DaemonSet"):
        message = _replica_message(kind, spec, status) if kind == "ReplicaSet" else _daemonset_message(status)
        if message:
            return IN_PROGRESS, message
        return CURRENT, "All replicas scheduled as expected."
    if kind == "PersistentVolumeClaim":
        if status.get("phase") != "Bound":
            return IN_PROGRESS, f"PVC is not Bound. phase: {status.get('phase') or 'unknown'}"
        return CURRENT, "PVC is Bound"
    if kind == "Pod":
        return _pod_status(status)
    if kind == "Job":
        return _job_status(live)
    if kind == "Service":
        if spec.get("type") == "LoadBalancer" and not spec.get("clusterIP"):
            return IN_PROGRESS, "ClusterIP not set"
        return CURRENT, "Service is ready"
    if kind == "CustomResourceDefinition":
        return _crd_status(status)
    return _generic_status(status)


def _generic_status(status: dict[str, Any]) -> tuple[str, str]:
    conds = _conditions(status)
    reconciling, stalled = conds.get("Reconciling") or {}, conds.get("Stalled") or {}
    if stalled.get("status") == "True":
        return FAILED, str(stalled.get("message") or "")
    if reconciling.get("status") == "True":
        return IN_PROGRESS, str(reconciling.get("message") or "")
    return CURRENT, "Resource is current"


def kstatus_message(live: dict[str, Any] | None) -> str:
    """The ``message`` Helm v4's status watcher (kstatus) gives a live object that is not
    current: ``Available: 0/1`` for a Deployment, ``Replicas: 1/2`` for a StatefulSet,
    ``Pod is in the Pending phase``, ``PVC is not Bound. phase: Pending``...; kinds that
    kstatus would call current get a generic line."""
    state, message = kstatus(live, check_jobs=True)
    return "Resource is not ready" if state == CURRENT else message


def job_progress_message(job: dict[str, Any]) -> str:
    """Helm v4's hook status reader wording for a Job still running."""
    status = job.get("status") or {}
    return (f"Job in progress. success:{int(status.get('succeeded') or 0)}, "
            f"active: {int(status.get('active') or 0)}, failed: {int(status.get('failed') or 0)}")


class ReadyChecker:
    """Helm's ``ReadyChecker`` over live objects.

    ``get_live(info)`` returns the object of a :class:`~pyhelm.kube.interface.ResourceInfo`
    from the server (``None`` when missing); ``list_objects(api_path, namespace,
    selector)`` lists ``/api/v1/pods``-style collections (``api_path`` like
    ``apps/v1/replicasets``). ``check_jobs`` enables the Job rule (``--wait-for-jobs``).
    """

    def __init__(
        self,
        get_live: Callable[[Any], dict[str, Any] | None],
        list_objects: Callable[[str, str, str], list[dict[str, Any]]],
        *,
        check_jobs: bool = False,
    ) -> None:
        self._get = get_live
        self._list = list_objects
        self.check_jobs = check_jobs
        self.live: dict[tuple[str, str, str, str], dict[str, Any] | None] = {}

    def is_ready(self, info: Any) -> Ready:
        """``(ready, reason)`` for one resource. Raises :class:`JobFailedError` for a failed Job
        and propagates API errors."""
        kind, group = info.kind, info.group
        simple: dict[tuple[str, str], Callable[[dict[str, Any]], Ready]] = {
            ("", "Pod"): pod_ready,
            ("", "PersistentVolumeClaim"): pvc_ready,
            ("", "Service"): service_ready,
            ("apps", "DaemonSet"): daemonset_ready,
            ("apps", "StatefulSet"): statefulset_ready,
            ("apiextensions.k8s.io", "CustomResourceDefinition"): crd_ready,
        }
        if (group, kind) == ("batch", "Job") and not self.check_jobs:
            return True, ""
        if (group, kind) == ("batch", "Job"):
            simple[(group, kind)] = job_ready
        rule = simple.get((group, kind))
        if rule is None and (group, kind) not in {
            ("apps", "Deployment"), ("apps", "ReplicaSet"), ("", "ReplicationController")
        }:
            return True, ""
        live = self._get(info)
        self.live[info.key()] = live
        if live is None:
            return False, f"{kind} is not ready: {info.namespace + '/' if info.namespace else ''}{info.name}. not found"
        if rule is not None:
            return rule(live)
        if kind == "Deployment":
            if _get(live, "spec", "paused"):
                return True, ""
            rss = self._list("apis/apps/v1/replicasets", info.namespace, label_selector(_get(live, "spec", "selector")))
            return deployment_ready(live, new_replicaset(live, rss))
        ok, why = replicaset_ready(live)
        if not ok:
            return ok, why
        return self._pods_ready(live, info.namespace)

    def _pods_ready(self, owner: dict[str, Any], namespace: str) -> Ready:
        selector = label_selector(_get(owner, "spec", "selector"))
        for pod in self._list("api/v1/pods", namespace, selector):
            ok, why = pod_ready(pod)
            if not ok:
                return ok, why
        return True, ""
