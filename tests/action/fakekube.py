"""An in-memory cluster satisfying pyhelm.kube.interface.KubeInterface (Helm's fake kube client).

Objects are kept by (group, kind, namespace, name). ``fail_watch`` names hook resources
whose watch fails; ``fail_wait`` makes ``wait`` time out. Every call is logged in ``calls``.
"""

from __future__ import annotations

import copy
from typing import Any

from pyhelm.codec import yaml as goyaml
from pyhelm.kube.interface import KubeResourceError, ResourceInfo, ResourceList, Result, WaitTimeoutError
from pyhelm.releaseutil.manifest import split_manifests

CLUSTER_KINDS = {"Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding",
                 "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass"}  # fmt: skip


class FakeKube:
    """A KubeInterface over a dict of objects."""

    def __init__(self, namespace: str = "default") -> None:
        self.namespace = namespace
        self.objects: dict[tuple[str, str, str, str], dict[str, Any]] = {}
        self.calls: list[tuple[str, list[str]]] = []
        self.fail_watch: set[str] = set()
        self.fail_wait = False
        self.unreachable = False

    def is_reachable(self) -> None:
        if self.unreachable:
            from pyhelm.kube.client import UnreachableError

            raise UnreachableError("kubernetes cluster unreachable: fake")

    def build(self, manifest: str, *, validate: bool = False) -> ResourceList:
        out = ResourceList()
        for doc in split_manifests(manifest):
            obj = goyaml.load(doc)
            if not isinstance(obj, dict):
                continue
            api = obj.get("apiVersion", "")
            group, _, version = api.rpartition("/")
            kind = obj.get("kind", "")
            namespaced = kind not in CLUSTER_KINDS
            meta = obj.setdefault("metadata", {})
            ns = (meta.get("namespace") or self.namespace) if namespaced else ""
            out.append(ResourceInfo(obj, group, version, kind, kind.lower() + "s", namespaced, meta.get("name", ""), ns))
        return out

    def refresh_discovery(self) -> None:
        self.calls.append(("refresh", []))

    def _log(self, verb: str, resources: ResourceList) -> None:
        self.calls.append((verb, [r.describe() for r in resources]))

    def create(self, resources: ResourceList, *, server_side: bool = True, force_conflicts: bool = False) -> Result:
        self._log("create", resources)
        for r in resources:
            if r.key() in self.objects:
                raise KubeResourceError(f'{r.resource} "{r.name}" already exists')
            self.objects[r.key()] = copy.deepcopy(r.obj)
        return Result(created=ResourceList(resources))

    def update(self, original: ResourceList, target: ResourceList, *, force_replace: bool = False,
               server_side: bool = True, force_conflicts: bool = True, take_ownership: bool = False) -> Result:
        self._log("update", target)
        result = Result()
        for r in target:
            (result.updated if r.key() in self.objects else result.created).append(r)
            self.objects[r.key()] = copy.deepcopy(r.obj)
        for r in original.difference(target):
            ann = (r.obj.get("metadata") or {}).get("annotations") or {}
            if ann.get("helm.sh/resource-policy") == "keep":
                continue
            if self.objects.pop(r.key(), None) is not None:
                result.deleted.append(r)
        return result

    def delete(self, resources: ResourceList, *, propagation: str = "background") -> tuple[Result, list[Exception]]:
        self._log("delete", resources)
        result = Result()
        for r in resources:
            if self.objects.pop(r.key(), None) is not None:
                result.deleted.append(r)
        return result, []

    def wait(self, resources: ResourceList, timeout: float, *, wait_for_jobs: bool = False, progress: Any = None) -> None:
        self._log("wait", resources)
        if self.fail_wait:
            raise WaitTimeoutError("context deadline exceeded")

    def wait_for_delete(self, resources: ResourceList, timeout: float) -> None:
        self._log("wait_for_delete", resources)

    def watch_until_ready(self, resources: ResourceList, timeout: float) -> None:
        self._log("watch", resources)
        for r in resources:
            if r.name in self.fail_watch:
                raise KubeResourceError(f"{r.kind.lower()} {r.name} failed")

    def get(self, resources: ResourceList) -> list[dict[str, Any]]:
        return [copy.deepcopy(self.objects[r.key()]) for r in resources if r.key() in self.objects]

    def dry_run(self, resources: ResourceList) -> list[str]:
        return []

    def pod_logs(self, name: str, namespace: str) -> str:
        return f"logs of {name}"
