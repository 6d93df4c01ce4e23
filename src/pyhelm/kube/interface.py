"""The contract between Helm's actions and the cluster (Helm ``pkg/kube.Interface``).

Actions (install, upgrade, rollback, uninstall, test) talk to Kubernetes only through an
object satisfying :class:`KubeInterface`; :mod:`pyhelm.kube.resources` implements it on a
:class:`pyhelm.kube.client.KubeClient`. Resources are :class:`ResourceInfo` items: one
Kubernetes object from a manifest, resolved through discovery to its REST resource.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass
class ResourceInfo:
    """One object of a manifest, mapped to its API resource.

    ``obj`` is the object as a dict (what the manifest says, plus the namespace and
    Helm's ownership metadata once set); ``resource`` the plural REST name
    (``deployments``); ``namespaced`` whether it lives in a namespace.
    """

    obj: dict[str, Any]
    group: str
    version: str
    kind: str
    resource: str
    namespaced: bool
    name: str
    namespace: str = ""

    @property
    def api_version(self) -> str:
        """``group/version``, or ``version`` for the core group."""
        return f"{self.group}/{self.version}" if self.group else self.version

    def key(self) -> tuple[str, str, str, str]:
        """Identity across revisions: (group, kind, namespace, name)."""
        return (self.group, self.kind, self.namespace, self.name)

    def describe(self) -> str:
        """``Kind/name`` as Helm prints resources in messages."""
        return f"{self.kind}/{self.name}"


class ResourceList(list[ResourceInfo]):
    """Resources in manifest order (Helm ``kube.ResourceList``)."""

    def difference(self, other: ResourceList) -> ResourceList:
        """Items of this list whose :meth:`ResourceInfo.key` is not in ``other``."""
        keys = {r.key() for r in other}
        return ResourceList(r for r in self if r.key() not in keys)

    def intersect(self, other: ResourceList) -> ResourceList:
        """Items of this list whose key is also in ``other``."""
        keys = {r.key() for r in other}
        return ResourceList(r for r in self if r.key() in keys)


@dataclass
class Result:
    """What a create/update/delete changed (Helm ``kube.Result``)."""

    created: ResourceList = field(default_factory=ResourceList)
    updated: ResourceList = field(default_factory=ResourceList)
    deleted: ResourceList = field(default_factory=ResourceList)


class KubeResourceError(Exception):
    """A resource operation failed; ``str(err)`` is Helm's message for it."""


class WaitTimeoutError(KubeResourceError):
    """Resources did not become ready (or hooks did not finish) before the timeout."""


class KubeInterface(Protocol):
    """What actions need from the cluster. Every method raises :class:`KubeResourceError`
    (or :class:`pyhelm.kube.client.UnreachableError`) with Helm's wording."""

    namespace: str

    def is_reachable(self) -> None:
        """Raise ``kubernetes cluster unreachable: ...`` when the API server cannot be used."""

    def build(self, manifest: str, *, validate: bool = False) -> ResourceList:
        """Parse a YAML stream into resources, mapped through discovery (CRDs included).

        Objects of namespaced kinds without a namespace get :attr:`namespace`. An
        unknown kind raises Helm's ``resource mapping not found for name: ...
        ensure CRDs are installed first``.
        """

    def refresh_discovery(self) -> None:
        """Forget cached discovery (after CRDs were installed)."""

    def create(self, resources: ResourceList, *, server_side: bool = True, force_conflicts: bool = False) -> Result:
        """Create every resource (in order).

        As in Helm v4 this is a server-side apply, so an object that already exists is
        applied, not refused: callers check ownership first
        (:func:`pyhelm.kube.resources.existing_resource_conflict`). With
        ``server_side=False`` objects are POSTed and an existing one is an error.
        """

    def update(
        self,
        original: ResourceList,
        target: ResourceList,
        *,
        force_replace: bool = False,
        server_side: bool = True,
        force_conflicts: bool = True,
        take_ownership: bool = False,
    ) -> Result:
        """Make the cluster match ``target``: create new objects, apply changed ones
        (server-side apply, field manager ``helm``; or replace with ``force_replace``),
        delete those only in ``original`` unless annotated ``helm.sh/resource-policy: keep``.
        """

    def delete(self, resources: ResourceList, *, propagation: str = "background") -> tuple[Result, list[Exception]]:
        """Delete resources (missing ones are skipped); returns what was deleted and per-item errors."""

    def wait(
        self,
        resources: ResourceList,
        timeout: float,
        *,
        wait_for_jobs: bool = False,
        progress: Callable[[str], None] | None = None,
        strategy: str = "watcher",
    ) -> None:
        """Block until every resource is ready as Helm judges readiness (seconds timeout).

        ``strategy`` is ``--wait``'s value: ``watcher`` (Helm v4's kstatus rules, the
        default), ``legacy`` (Helm 3's ready checker) or ``hookOnly`` (no waiting).

        ``progress`` receives human-readable lines naming what is not ready yet and
        why. Raises :class:`WaitTimeoutError` on timeout.
        """

    def wait_for_delete(self, resources: ResourceList, timeout: float) -> None:
        """Block until the resources are gone."""

    def watch_until_ready(self, resources: ResourceList, timeout: float) -> None:
        """For hooks: block until Jobs complete / Pods succeed; fail fast when they fail."""

    def get(self, resources: ResourceList) -> list[dict[str, Any]]:
        """Live objects for the resources (missing ones omitted), for ``status --show-resources``."""

    def dry_run(self, resources: ResourceList) -> list[str]:
        """Server-side dry-run create/apply of each resource; returns one message per invalid resource."""

    def pod_logs(self, name: str, namespace: str) -> str:
        """Logs of a pod's containers (``helm test --logs``)."""
